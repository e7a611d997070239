#!/usr/bin/env python3
"""Ask real Django REST Framework which authentication classes every endpoint
of tests/diff/project uses, and print them as JSON:

    {"<endpoint FQN>": ["<class FQN>", ...], ...}

Endpoints, as DRF sees them:
  - classes defined in the project that subclass rest_framework.views.APIView
    or rest_framework.viewsets.ViewSetMixin: `cls.authentication_classes`
    (a class attribute read through the MRO; APIView's own value is
    api_settings.DEFAULT_AUTHENTICATION_CLASSES);
  - @api_view functions: api_view returns WrappedAPIView.as_view(), whose
    `.cls` is the generated APIView subclass: `view.cls.authentication_classes`;
  - @action methods whose kwargs carry authentication_classes, on the class
    whose body defines them: `Class.method.kwargs['authentication_classes']`.
FQN of an endpoint: module (dotted, relative to the project dir) + name.
FQN of a class: cls.__module__ + '.' + cls.__qualname__.

Usage: dump_drf.py [PROJECT_DIR]   (default: tests/diff/project beside this file)
Exits non-zero, loudly, when Django or DRF cannot be imported.
"""
import importlib
import inspect
import json
import os
import sys

SKIP_DIRS = {'__pycache__'}


def project_modules(root):
    """Dotted names of every module under root (packages need __init__.py)."""
    mods = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel = os.path.relpath(dirpath, root)
        parts = [] if rel == '.' else rel.split(os.sep)
        if parts and not os.path.exists(os.path.join(dirpath, '__init__.py')):
            dirnames[:] = []
            continue
        for fn in sorted(filenames):
            if not fn.endswith('.py'):
                continue
            stem = fn[:-3]
            if stem == '__init__':
                if parts:
                    mods.append('.'.join(parts))
            else:
                mods.append('.'.join(parts + [stem]))
    return sorted(mods)


def class_fqn(cls):
    if not inspect.isclass(cls):
        raise TypeError('authentication class is not a class: %r' % (cls,))
    return cls.__module__ + '.' + cls.__qualname__


def fqns(value, where):
    if not isinstance(value, (list, tuple)):
        raise TypeError('%s: authentication_classes is %r, not a list/tuple' % (where, value))
    return [class_fqn(c) for c in value]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(argv[1]) if len(argv) > 1 else os.path.join(here, 'project')
    sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
    sys.path.insert(0, root)
    os.environ['DJANGO_SETTINGS_MODULE'] = 'diffproj.settings'
    try:
        import django
        django.setup()
        import rest_framework
        from rest_framework.views import APIView
        from rest_framework.viewsets import ViewSetMixin
    except ImportError as e:
        sys.stderr.write('dump_drf.py: FATAL: cannot import Django/DRF (%s) with %s; '
                         'install python3-djangorestframework\n' % (e, sys.executable))
        return 2
    sys.stderr.write('dump_drf.py: DRF %s, Django %s, python %s\n' % (
        rest_framework.VERSION, django.get_version(), sys.executable))

    out = {}
    for modname in project_modules(root):
        mod = importlib.import_module(modname)
        for name, obj in sorted(vars(mod).items()):
            fqn = modname + '.' + name
            if inspect.isclass(obj):
                if obj.__module__ != modname or obj.__qualname__ != name:
                    continue  # imported here, defined elsewhere
                if not (issubclass(obj, APIView) or issubclass(obj, ViewSetMixin)):
                    continue
                out[fqn] = fqns(obj.authentication_classes, fqn)
                for mname, meth in sorted(vars(obj).items()):
                    kwargs = getattr(meth, 'kwargs', None)
                    if (inspect.isfunction(meth) and hasattr(meth, 'mapping')
                            and isinstance(kwargs, dict)
                            and 'authentication_classes' in kwargs):
                        afqn = fqn + '.' + mname
                        out[afqn] = fqns(kwargs['authentication_classes'], afqn)
            elif inspect.isfunction(obj):
                view_cls = getattr(obj, 'cls', None)
                if (inspect.isclass(view_cls) and issubclass(view_cls, APIView)
                        and obj.__module__ == modname and obj.__name__ == name):
                    out[fqn] = fqns(view_cls.authentication_classes, fqn)
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
