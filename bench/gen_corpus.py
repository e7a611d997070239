#!/usr/bin/env python3
"""Generates a synthetic Django/DRF code base of about SIZE megabytes.

usage: gen_corpus.py OUT_DIR SIZE_MB [--seed N]

The tree looks like a real Open edX service: a settings package with
REST_FRAMEWORK, many apps each with models.py, serializers.py, views.py (DRF
views, mixins, @api_view functions, ViewSets with @action), urls.py, utils.py
and admin.py, and a share of plain Python modules that never mention DRF
(most files of a real repository). Deterministic for a given seed.
"""
import os
import random
import sys

VIEW_TMPL = '''"""Views of the {app} app."""
import logging

from django.shortcuts import get_object_or_404
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action, api_view, authentication_classes
from rest_framework.response import Response
from rest_framework.views import APIView
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
{bearer_import}
from {pkg}.{app}.models import {model}
from {pkg}.{app}.serializers import {model}Serializer
from {pkg}.core.mixins import AuthMixin{mix}

log = logging.getLogger(__name__)

'''

CLASS_TMPL = '''
class {name}({bases}):
    """{doc}"""
{auth}    serializer_class = {model}Serializer
    queryset = {model}.objects.all()

    def get(self, request, *args, **kwargs):
        obj = get_object_or_404({model}, pk=kwargs.get("pk"))
        log.info("fetched %s", obj.pk)
        data = self.serializer_class(obj).data
        if request.query_params.get("verbose"):
            data["extra"] = {{"count": {model}.objects.count(), "user": request.user.username}}
        return Response(data, status=status.HTTP_200_OK)

    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)
'''

FUNC_TMPL = '''
@api_view(["GET", "POST"])
{deco}def {name}(request, pk=None):
    """Function view {name}."""
    items = [{{"id": i, "name": str(i)}} for i in range(10)]
    return Response({{"results": items, "pk": pk}})
'''

VIEWSET_TMPL = '''
class {name}(viewsets.ModelViewSet):
    """ViewSet {name}."""
    serializer_class = {model}Serializer
    queryset = {model}.objects.all()
{auth}
    @action(detail=True, methods=["post"], authentication_classes=[JwtAuthentication])
    def archive(self, request, pk=None):
        obj = self.get_object()
        obj.archived = True
        obj.save()
        return Response(status=status.HTTP_204_NO_CONTENT)
'''

MODEL_TMPL = '''"""Models of the {app} app."""
from django.db import models


class {model}(models.Model):
    """A {model}."""
    name = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
    archived = models.BooleanField(default=False)
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.name
'''

SERIALIZER_TMPL = '''"""Serializers of the {app} app."""
from rest_framework import serializers

from {pkg}.{app}.models import {model}


class {model}Serializer(serializers.ModelSerializer):
    class Meta:
        model = {model}
        fields = ["id", "name", "created", "archived"]
'''

PLAIN_TMPL = '''"""Helpers for {app}: {n}."""
import datetime
import hashlib
import json


def compute_{n}(values, factor=2):
    """Computes something about values."""
    total = 0
    for index, value in enumerate(values):
        if index % factor == 0:
            total += value * factor
        else:
            total -= value
    return total


class Helper{n}:
    """Plain helper class {n}."""

    def __init__(self, name):
        self.name = name
        self.created = datetime.datetime.utcnow()

    def digest(self):
        return hashlib.sha256(self.name.encode("utf-8")).hexdigest()

    def to_json(self):
        return json.dumps({{"name": self.name, "created": self.created.isoformat()}})
'''

SETTINGS = '''"""Settings."""
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ),
    "PAGE_SIZE": 20,
}
'''

MIXINS = '''"""Shared mixins."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication


class AuthMixin:
    authentication_classes = (JwtAuthentication, SessionAuthentication)


class LoggingMixin:
    def initial(self, request, *args, **kwargs):
        return super().initial(request, *args, **kwargs)
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return len(text.encode())


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 1
    rnd = random.Random(seed)
    target = int(size_mb * 1024 * 1024)
    pkg = "svc"
    total = write(os.path.join(out, pkg, "__init__.py"), "")
    total += write(os.path.join(out, pkg, "settings", "__init__.py"), "")
    total += write(os.path.join(out, pkg, "settings", "base.py"), SETTINGS)
    total += write(os.path.join(out, pkg, "core", "__init__.py"), "")
    total += write(os.path.join(out, pkg, "core", "mixins.py"), MIXINS)
    i = 0
    while total < target:
        app = "app%04d" % i
        model = "Thing%d" % i
        base = os.path.join(out, pkg, app)
        total += write(os.path.join(base, "__init__.py"), "")
        total += write(os.path.join(base, "models.py"), MODEL_TMPL.format(app=app, model=model))
        total += write(os.path.join(base, "serializers.py"), SERIALIZER_TMPL.format(app=app, model=model, pkg=pkg))
        bearer = rnd.random() < 0.2
        text = VIEW_TMPL.format(app=app, model=model, pkg=pkg, mix=", LoggingMixin" if i % 3 == 0 else "",
                                bearer_import="from openedx.core.lib.api.authentication import BearerAuthentication"
                                if bearer else "")
        for k in range(rnd.randint(2, 5)):
            auth = ""
            r = rnd.random()
            if r < 0.3:
                auth = "    authentication_classes = (JwtAuthentication, SessionAuthenticationAllowInactiveUser)\n"
            elif r < 0.4 and bearer:
                auth = "    authentication_classes = (JwtAuthentication, BearerAuthentication)\n"
            bases = rnd.choice(["APIView", "generics.ListCreateAPIView", "AuthMixin, generics.RetrieveAPIView"])
            text += CLASS_TMPL.format(name="%sView%d" % (model, k), bases=bases, doc="Endpoint %d." % k,
                                      auth=auth, model=model)
        text += FUNC_TMPL.format(name="%s_status" % app, deco="@authentication_classes([JwtAuthentication])\n"
                                 if i % 2 else "")
        text += VIEWSET_TMPL.format(name="%sViewSet" % model, model=model, auth="")
        total += write(os.path.join(base, "views.py"), text)
        for n in range(rnd.randint(4, 8)):  # most of a real repo never mentions DRF
            total += write(os.path.join(base, "utils", "helpers%d.py" % n), PLAIN_TMPL.format(app=app, n=n))
        total += write(os.path.join(base, "utils", "__init__.py"), "")
        i += 1
    print("%s: %d apps, %.1f MB" % (out, i, total / 1048576.0))


if __name__ == "__main__":
    main()
