#!/usr/bin/env python3
"""Baseline: `--write-baseline` records today's findings; `--baseline` then
fails only on new ones, and its fingerprints survive line moves and
reformatting (SPEC 5).

A temporary project (with a .authlint.json, so the root is fixed) has two
violations in two files. After `--write-baseline b.json`:
  1. 20 lines are inserted at the top of one file and its tuple is reflowed
     over several lines (another file's tuple becomes a commented list):
     `--baseline b.json` exits 0, prints no finding, JSON marks both findings
     "baseline": true (at their new lines);
  2. a new violation (the same tuple, in a new class) is added: exit 1, the
     text output shows exactly that one finding; JSON has it as the only
     "baseline": false; SARIF has baselineState "new" for it and "unchanged"
     for the two others;
  3. an unreadable baseline is a usage error (exit 2, file:line:col).
Environment: AUTHLINT (the built binary).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

AUTHLINT = os.environ.get('AUTHLINT') or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'build', 'authlint')

VIEWS = '''from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.views import APIView


class LegacyView(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthentication)

    def get(self, request):
        return None
'''

# The same file: 20 new lines on top, the tuple reflowed one per line.
VIEWS_MOVED = '\n'.join('# note %d: a comment that moves everything down' % i for i in range(20)) + '\n' + \
    VIEWS.replace('    authentication_classes = (JwtAuthentication, BearerAuthentication)\n',
                  '    authentication_classes = (\n'
                  '        JwtAuthentication,\n'
                  '        BearerAuthentication,\n'
                  '    )\n')

NEW_VIOLATION = '''

class PartnerView(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthentication)
'''

OLD = '''from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class OldSessionView(APIView):
    authentication_classes = (SessionAuthentication,)
'''

OLD_REFORMATTED = OLD.replace(
    '    authentication_classes = (SessionAuthentication,)\n',
    '    authentication_classes = [  # kept for the legacy dashboard\n'
    '        SessionAuthentication\n'
    '    ]\n')

BEARER_MSG = ('AUTH003 BearerAuthentication is deprecated (OEP-0042); remove it from '
              'authentication_classes (endpoint app.views.%s)')
JWT_MSG = ('AUTH001 JwtAuthentication is missing from (SessionAuthentication); add it first '
           '(OEP-0042) (endpoint app.old.OldSessionView)')

results = []


def check(name, ok, detail=''):
    results.append(ok)
    print('%s %s%s' % ('ok  ' if ok else 'FAIL', name, '' if ok or not detail else '\n' + detail))


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def authlint(root, *args):
    r = subprocess.run([AUTHLINT, 'check', '--no-cache', '--color', 'never'] + list(args),
                       cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return r.returncode, r.stdout, r.stderr


def finding_lines(out):
    return [line for line in out.splitlines() if ': AUTH0' in line]


def show(rc, out, err):
    if len(out) > 2000:  # a JSON or SARIF document: the got line says enough
        out = out[:2000] + '\n[... %d more bytes]\n' % (len(out) - 2000)
    return 'exit %d\nstdout:\n%sstderr:\n%s' % (rc, out, err)


def main():
    if not os.access(AUTHLINT, os.X_OK):
        print('FATAL: authlint binary not executable: ' + AUTHLINT)
        print('0 passed, 1 failed')
        return 1
    root = tempfile.mkdtemp(prefix='authlint-baseline-')
    try:
        write(root, '.authlint.json', '{}\n')
        write(root, 'app/__init__.py', '')
        write(root, 'app/views.py', VIEWS)
        write(root, 'app/old.py', OLD)

        rc, out, err = authlint(root, '.')
        want = ['app/old.py:6:5: ' + JWT_MSG, 'app/views.py:7:50: ' + BEARER_MSG % 'LegacyView']
        check('two violations before the baseline', rc == 1 and finding_lines(out) == want,
              show(rc, out, err))

        rc, out, err = authlint(root, '--write-baseline', 'b.json', '.')
        try:
            with open(os.path.join(root, 'b.json')) as f:
                baseline = json.load(f)
        except (OSError, ValueError) as e:
            baseline = {'error': str(e)}
        recorded = sorted(x.get('rule') for x in baseline.get('findings', []))
        check('--write-baseline records both findings (exit 0)',
              rc == 0 and baseline.get('schema') == 'authlint-baseline/1' and
              recorded == ['AUTH001', 'AUTH003'],
              show(rc, out, err) + '\nbaseline: %s' % baseline)

        # 1. Lines move, tuples are reflowed: nothing new.
        write(root, 'app/views.py', VIEWS_MOVED)
        write(root, 'app/old.py', OLD_REFORMATTED)
        rc, out, err = authlint(root, '--baseline', 'b.json', '.')
        check('after moves and reflow: exit 0, no finding printed',
              rc == 0 and finding_lines(out) == [] and '2 in the baseline' in out,
              show(rc, out, err))
        rc, out, err = authlint(root, '--baseline', 'b.json', '--format', 'json', '.')
        doc = json.loads(out) if rc == 0 else {}
        got = [(f['path'], f['line'], f['rule'], f['baseline']) for f in doc.get('findings', [])]
        check('after moves and reflow: JSON findings all "baseline": true, at their new lines',
              got == [('app/old.py', 6, 'AUTH001', True), ('app/views.py', 29, 'AUTH003', True)],
              show(rc, out, err) + '\ngot %s' % got)

        # 2. A new violation is the only one reported.
        write(root, 'app/views.py', VIEWS_MOVED + NEW_VIOLATION)
        rc, out, err = authlint(root, '--baseline', 'b.json', '.')
        want = ['app/views.py:37:50: ' + BEARER_MSG % 'PartnerView']
        check('a new violation: exit 1, exactly that finding in the text output',
              rc == 1 and finding_lines(out) == want, show(rc, out, err))
        rc, out, err = authlint(root, '--baseline', 'b.json', '--format', 'json', '.')
        doc = json.loads(out) if rc == 1 else {}
        got = [(f['line'], f['rule'], f['baseline']) for f in doc.get('findings', [])
               if f['path'] == 'app/views.py']
        check('JSON: the new finding is the only "baseline": false',
              got == [(29, 'AUTH003', True), (37, 'AUTH003', False)],
              show(rc, out, err) + '\ngot %s' % got)
        rc, out, err = authlint(root, '--baseline', 'b.json', '--format', 'sarif', '.')
        try:
            run = json.loads(out)['runs'][0]
            got = sorted((r['locations'][0]['physicalLocation']['artifactLocation']['uri'],
                          r['locations'][0]['physicalLocation']['region']['startLine'],
                          r['ruleId'], r.get('baselineState')) for r in run['results'])
        except (ValueError, KeyError, IndexError) as e:
            got = 'unreadable SARIF: %s' % e
        check('SARIF: baselineState "unchanged" for the recorded, "new" for the new one',
              rc == 1 and got == [('app/old.py', 6, 'AUTH001', 'unchanged'),
                                  ('app/views.py', 29, 'AUTH003', 'unchanged'),
                                  ('app/views.py', 37, 'AUTH003', 'new')],
              show(rc, out, err) + '\ngot %s' % (got,))
        rc, out, err = authlint(root, '--baseline', 'b.json', '--fail-on', 'never', '.')
        check('--fail-on never with a new finding: exit 0, still printed',
              rc == 0 and len(finding_lines(out)) == 1, show(rc, out, err))

        # 3. A broken baseline is a usage error with its position.
        write(root, 'broken.json', '{"schema": "authlint-baseline/1",\n "findings": [\n')
        rc, out, err = authlint(root, '--baseline', 'broken.json', '.')
        check('malformed baseline: exit 2, file:line:col on stderr',
              rc == 2 and 'broken.json:3:' in err and out == '', show(rc, out, err))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    failed = results.count(False)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
