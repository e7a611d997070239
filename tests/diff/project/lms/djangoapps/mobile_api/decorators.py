"""Stand-in for edx-platform's mobile_view: returns another table decorator."""
from openedx.core.lib.api.view_utils import view_auth_classes


def mobile_view(is_user=False):
    return view_auth_classes(is_user)
