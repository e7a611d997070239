#!/usr/bin/env python3
"""Differential test: authlint's static resolution against real DRF.

tests/diff/dump_drf.py imports tests/diff/project under Django + DRF and
prints, for every endpoint, the authentication classes DRF really uses. This
driver runs `authlint check --format json` on the same project and compares:
  - the set of endpoint names must be equal (missing / extra are reported);
  - for each endpoint, DRF's class list must equal authlint's "classes"
    names, or, when "alternatives" is present, one of the alternatives (the
    matching alternative's index is printed).
Every mismatch is printed; exit 1 if any. DRF missing is a failure, never a
skip. Environment: AUTHLINT (binary), AUTHLINT_SOURCE_ROOT (repo root),
optional DRF_PYTHON (an interpreter that can import rest_framework).
"""
import json
import os
import subprocess
import sys

MIN_ENDPOINTS = 45


def die(msg):
    print('FATAL: ' + msg)
    print('0 passed, 1 failed')
    sys.exit(1)


def drf_python():
    """An interpreter with Django and DRF: DRF_PYTHON, this one, or Debian's."""
    candidates = []
    if os.environ.get('DRF_PYTHON'):
        candidates.append(os.environ['DRF_PYTHON'])
    candidates += [sys.executable, '/usr/bin/python3']
    tried = []
    for py in candidates:
        if not py or py in tried or not os.path.exists(py):
            continue
        tried.append(py)
        r = subprocess.run([py, '-c', 'import django, rest_framework'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            return py
    die('cannot import django and rest_framework with any of %s; install '
        'python3-djangorestframework (apt-get install -y python3-djangorestframework) '
        'or set DRF_PYTHON' % tried)


def names_of(classes):
    out = []
    for c in classes:
        out.append(c['name'] if isinstance(c, dict) else c)
    return out


def main():
    src_root = os.environ.get('AUTHLINT_SOURCE_ROOT') or \
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    authlint = os.environ.get('AUTHLINT') or os.path.join(src_root, 'build', 'authlint')
    diff_dir = os.path.join(src_root, 'tests', 'diff')
    project = os.path.join(diff_dir, 'project')
    if not os.path.isdir(project):
        die('project missing: ' + project)
    if not os.access(authlint, os.X_OK):
        die('authlint binary not executable: ' + authlint)

    # 1. What DRF computes at run time.
    py = drf_python()
    r = subprocess.run([py, os.path.join(diff_dir, 'dump_drf.py'), project],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    sys.stdout.write(r.stderr)
    if r.returncode != 0:
        die('dump_drf.py failed with exit %d' % r.returncode)
    try:
        drf = json.loads(r.stdout)
    except ValueError as e:
        die('dump_drf.py printed invalid JSON: %s' % e)

    # 2. What authlint resolves statically. The project lives under tests/,
    # so --include-tests keeps it whatever the skip rules look at.
    cmd = [authlint, 'check', '--format', 'json', '--fail-on', 'never',
           '--include-tests', '--root', project, project]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, cwd=project)
    if r.stderr:
        sys.stdout.write('authlint stderr:\n' + r.stderr)
    if r.returncode != 0:
        die('%s exited %d' % (' '.join(cmd), r.returncode))
    try:
        doc = json.loads(r.stdout)
    except ValueError as e:
        die('authlint printed invalid JSON: %s' % e)
    if doc.get('schema') != 'authlint/1':
        die('unexpected schema %r' % doc.get('schema'))

    static = {}
    for ep in doc.get('endpoints', []):
        if ep['name'] in static:
            print('DUPLICATE endpoint in authlint output: %s' % ep['name'])
        static[ep['name']] = ep

    failures = []
    missing = sorted(set(drf) - set(static))
    extra = sorted(set(static) - set(drf))
    for name in missing:
        failures.append('MISSING %s: DRF endpoint not reported by authlint (DRF: %s)'
                        % (name, drf[name]))
    for name in extra:
        ep = static[name]
        failures.append('EXTRA %s (%s:%s, type %s): authlint endpoint unknown to DRF'
                        % (name, ep.get('path'), ep.get('line'), ep.get('type')))

    passed = 0
    for name in sorted(set(drf) & set(static)):
        ep = static[name]
        want = drf[name]
        got = names_of(ep.get('classes', []))
        alts = ep.get('alternatives')
        where = '%s:%s' % (ep.get('path'), ep.get('line'))
        if alts:
            alt_names = [names_of(a) for a in alts]
            idx = [i for i, a in enumerate(alt_names) if a == want]
            if idx:
                passed += 1
                print('ok   %s: alternative %d of %d matches DRF%s'
                      % (name, idx[0] + 1, len(alt_names),
                         '' if idx[0] == 0 else ' (not the first)'))
                continue
            failures.append('MISMATCH %s (%s): DRF %s not among authlint alternatives %s '
                            '(source %s)' % (name, where, want, alt_names, ep.get('source')))
            continue
        if got == want:
            passed += 1
            continue
        failures.append('MISMATCH %s (%s): DRF %s, authlint %s (source %s, resolved %s)'
                        % (name, where, want, got, ep.get('source'), ep.get('resolved')))

    for f in failures:
        print(f)
    compared = len(set(drf) & set(static))
    if compared < MIN_ENDPOINTS:
        failures.append('only %d endpoints compared, need at least %d'
                        % (compared, MIN_ENDPOINTS))
        print(failures[-1])
    if not failures:
        print('%d endpoints, all match' % compared)
    else:
        print('%d endpoints compared, %d mismatches (%d missing, %d extra)'
              % (compared, len(failures), len(missing), len(extra)))
    print('%d passed, %d failed' % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
