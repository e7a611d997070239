"""Settings of the demo project: the platform default is JWT then session."""

INSTALLED_APPS = ["rest_framework", "demo.courses", "demo.enrollments", "demo.profiles"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication",
        "edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser",
    ),
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
}
