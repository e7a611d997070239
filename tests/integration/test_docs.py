#!/usr/bin/env python3
"""Runs the examples of the adoption docs (docs/config.md, suppressions.md,
baseline.md, pre-commit.md, github-actions.md), so they cannot drift from
what authlint does.

A fenced block is tested when its info string names a kind:

  python authlint-example [file=PATH] [continue]
      writes PATH (default app/views.py) into the example project;
  json authlint-config [file=PATH] [continue]
      must be JSON; written to PATH (default .authlint.json); then
      `authlint check --config PATH .` in the project must load it: exit 0 or
      1, nothing on stderr;
  json authlint-config-error [file=PATH] [continue]
      written the same way; `authlint check --config PATH .` must exit 2 with
      `authlint: error: PATH:LINE:COL: ...` on stderr;
  json authlint-pack file=PATH [continue]
      a rule pack; `authlint check --rules PATH .` must exit 0 or 1;
  yaml pre-commit-config
      `pre-commit validate-config` accepts it and every hook id is one of
      .pre-commit-hooks.yaml (itself checked by `pre-commit validate-manifest`);
  yaml github-workflow
      its steps use the action with inputs that action.yml declares and the
      workflow grants `security-events: write`; then the steps of action.yml
      are run on a sample repository with those inputs (see run_action).

A tested block starts a fresh project unless it says `continue`. A `text`
block whose first line is `$ authlint ...` runs that command in the current
project (with --no-cache and --color never added to check) and must print
exactly the rest of the block (stdout, then stderr).

Environment: AUTHLINT (the built binary), AUTHLINT_SOURCE_ROOT (the
repository). pre-commit and PyYAML (Debian: pre-commit, python3-yaml) are
required; missing is a failure, never a skip.
"""
import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SRC_ROOT = os.environ.get('AUTHLINT_SOURCE_ROOT') or \
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AUTHLINT = os.environ.get('AUTHLINT') or os.path.join(SRC_ROOT, 'build', 'authlint')
PAGES = ['config.md', 'suppressions.md', 'baseline.md', 'pre-commit.md', 'github-actions.md']
ACTION_REF = re.compile(r'^authlint/authlint@')

results = []


def check(name, ok, detail=''):
    results.append(ok)
    print('%s %s%s' % ('ok  ' if ok else 'FAIL', name, '' if ok or not detail else '\n' + detail))
    return ok


def die(msg):
    print('FATAL: ' + msg)
    print('0 passed, 1 failed')
    sys.exit(1)


try:
    import yaml
except ImportError:
    yaml = None


def fences(path):
    """[(line, info, body)] of the fenced blocks of a markdown file."""
    out = []
    with open(path) as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^(```+)(.*)$', lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2).strip(), i + 1
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        out.append((start, info, '\n'.join(body) + '\n'))
        i += 1
    return out


def parse_info(info):
    """('python', 'authlint-example', {'file': ..., 'continue': True})."""
    words = info.split()
    lang = words[0] if words else ''
    kind = words[1] if len(words) > 1 else ''
    attrs = {}
    for w in words[2:]:
        if '=' in w:
            k, v = w.split('=', 1)
            attrs[k] = v
        else:
            attrs[w] = True
    return lang, kind, attrs


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path) or root, exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def run(cmd, cwd, env=None, timeout=600):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def authlint_cmd(words):
    """The command of a `$ authlint ...` line, on the built binary."""
    cmd = [AUTHLINT] + words[1:]
    if len(cmd) > 1 and cmd[1] in ('check', 'audit'):
        cmd[2:2] = ['--no-cache'] + (['--color', 'never'] if cmd[1] == 'check' else [])
    return cmd


# ---- the pages' examples -------------------------------------------------


class Page:
    def __init__(self, name, tmp):
        self.name = name
        self.tmp = tmp
        self.project = None
        self.count = 0

    def fresh(self):
        self.count += 1
        self.project = os.path.join(self.tmp, '%s-%d' % (self.name.replace('.', '_'), self.count))
        os.makedirs(self.project)

    def where(self, line):
        return 'docs/%s:%d' % (self.name, line)

    def block(self, line, info, body, workflows, hook_ids):
        lang, kind, attrs = parse_info(info)
        if kind.startswith('authlint-') or kind in ('pre-commit-config', 'github-workflow'):
            if not attrs.get('continue') or self.project is None:
                self.fresh()
        where = self.where(line)
        if kind == 'authlint-example':
            write(self.project, attrs.get('file', 'app/views.py'), body)
        elif kind in ('authlint-config', 'authlint-config-error'):
            rel = attrs.get('file', '.authlint.json')
            try:
                json.loads(body)
            except ValueError as e:
                if kind == 'authlint-config':
                    check('%s: config example is JSON' % where, False, str(e))
                    return
            write(self.project, rel, body)
            rc, out, err = run([AUTHLINT, 'check', '--no-cache', '--config', rel, '.'], self.project)
            if kind == 'authlint-config':
                check('%s: config example loads (exit %d)' % (where, rc), rc in (0, 1) and err == '',
                      'stderr: ' + err)
            else:
                check('%s: bad config is rejected with its position' % where,
                      rc == 2 and re.match(r'^authlint: error: %s:\d+:\d+: \S' % re.escape(rel), err) is not None,
                      'exit %d, stderr: %s' % (rc, err))
        elif kind == 'authlint-pack':
            rel = attrs.get('file')
            if not check('%s: rule pack example names its file=' % where, bool(rel)):
                return
            write(self.project, rel, body)
            rc, out, err = run([AUTHLINT, 'check', '--no-cache', '--rules', rel, '.'], self.project)
            check('%s: rule pack example loads (exit %d)' % (where, rc), rc in (0, 1) and err == '',
                  'stderr: ' + err)
        elif kind == 'pre-commit-config':
            precommit_config(where, body, self.project, hook_ids)
        elif kind == 'github-workflow':
            workflows.append((where, body))
        elif lang == 'text' and body.startswith('$ authlint'):
            self.command(where, body)
        elif kind.startswith('authlint-'):
            check('%s: known kind of tested block' % where, False, 'unknown kind %r' % kind)

    def command(self, where, body):
        first, _, expected = body.partition('\n')
        if self.project is None:
            self.fresh()
        cmd = authlint_cmd(shlex.split(first[2:]))
        rc, out, err = run(cmd, self.project)
        got = out + err
        ok = got == expected
        diff = ''.join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                            'documented', 'actual'))
        check('%s: `%s` prints what the page shows (exit %d)' % (where, first[2:], rc), ok, diff)


def precommit_config(where, body, project, hook_ids):
    try:
        doc = yaml.safe_load(body)
    except yaml.YAMLError as e:
        check('%s: pre-commit config is YAML' % where, False, str(e))
        return
    write(project, '.pre-commit-config.yaml', body)
    rc, out, err = run(['pre-commit', 'validate-config', '.pre-commit-config.yaml'], project)
    check('%s: pre-commit validate-config accepts it' % where, rc == 0, out + err)
    ids = [h.get('id') for r in doc.get('repos', []) for h in r.get('hooks', [])]
    check('%s: its hook ids are in .pre-commit-hooks.yaml' % where,
          ids and all(i in hook_ids for i in ids), 'ids %s, hooks %s' % (ids, hook_ids))


# ---- action.yml, run step by step ----------------------------------------


def snapshot_source(dest):
    """A copy of the source work tree (what a checkout of it would hold) plus
    the fetched grammar, so the action's build runs offline."""
    r = subprocess.run(['git', '-C', SRC_ROOT, 'ls-files', '-z', '--cached', '--others',
                        '--exclude-standard'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode == 0:
        files = sorted(set(p.decode() for p in r.stdout.split(b'\0') if p))
    else:
        files = []
        for top, dirs, names in os.walk(SRC_ROOT):
            dirs[:] = [d for d in dirs if not (d.startswith('build') or d in ('.git', 'node_modules'))]
            files += [os.path.relpath(os.path.join(top, n), SRC_ROOT) for n in names]
    for rel in files:
        src = os.path.join(SRC_ROOT, rel)
        if os.path.isfile(src) and not os.path.islink(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel))
    grammar = os.path.join(SRC_ROOT, 'grammars', 'tree-sitter-python')
    if not os.path.isfile(os.path.join(grammar, 'src', 'parser.c')):
        die('grammar sources missing in %s: run grammars/fetch.sh' % grammar)
    if not os.path.isdir(os.path.join(dest, 'grammars', 'tree-sitter-python')):
        shutil.copytree(grammar, os.path.join(dest, 'grammars', 'tree-sitter-python'))


EXPR = re.compile(r'\$\{\{\s*([^}]*?)\s*\}\}')


class Action:
    """Runs the composite action's steps as the runner does: `run` steps with
    `bash --noprofile --norc -eo pipefail`, expressions substituted, GITHUB_ENV
    and GITHUB_OUTPUT honoured; the upload-sarif step is checked, not run."""

    def __init__(self, tmp, action_path):
        with open(os.path.join(SRC_ROOT, 'action.yml')) as f:
            self.spec = yaml.safe_load(f)
        self.tmp = tmp
        self.action_path = action_path
        shims = os.path.join(tmp, 'shims')
        os.makedirs(shims, exist_ok=True)
        self.apt_log = os.path.join(tmp, 'apt-get.log')
        # Never touch the machine's packages: apt-get only records its call.
        write(shims, 'apt-get', '#!/bin/sh\necho "apt-get $*" >> %s\n' % shlex.quote(self.apt_log))
        write(shims, 'sudo', '#!/bin/sh\nexec "$@"\n')
        for n in ('apt-get', 'sudo'):
            os.chmod(os.path.join(shims, n), 0o755)
        self.shims = shims

    def inputs(self, given):
        values = {}
        for name, spec in (self.spec.get('inputs') or {}).items():
            values[name] = str(spec.get('default', ''))
        for k, v in given.items():
            v = 'true' if v is True else 'false' if v is False else str(v)
            values[k] = 'true' if EXPR.search(v) else v  # a workflow expression: assume it holds
        return values

    def expand(self, text, ctx):
        def one(m):
            e = m.group(1)
            if e.startswith('inputs.') and e[7:] in ctx['inputs']:
                return ctx['inputs'][e[7:]]
            if e == 'github.action_path':
                return self.action_path
            if e == 'runner.temp':
                return ctx['runner_temp']
            m2 = re.match(r'^steps\.([\w-]+)\.outputs\.([\w-]+)$', e)
            if m2:
                return ctx['outputs'].get(m2.group(1), {}).get(m2.group(2), '')
            m2 = re.match(r"^inputs\.([\w-]+) == '([^']*)'$", e)
            if m2 and m2.group(1) in ctx['inputs']:
                return 'true' if ctx['inputs'][m2.group(1)] == m2.group(2) else 'false'
            raise ValueError('expression the test does not know: ${{ %s }}' % e)
        return EXPR.sub(one, str(text))

    def run(self, workspace, given):
        """Returns (failed step name or None, exit status, log, uploads)."""
        ctx = {'inputs': self.inputs(given), 'outputs': {},
               'runner_temp': tempfile.mkdtemp(dir=self.tmp, prefix='runner-temp-')}
        github_env = os.path.join(ctx['runner_temp'], 'github_env')
        open(github_env, 'w').close()
        env_extra = {}
        log, uploads = [], []
        for step in self.spec['runs']['steps']:
            name = step.get('name', step.get('uses', '?'))
            if 'if' in step:
                cond = self.expand(step['if'], ctx).strip()
                if cond not in ('true', 'false'):
                    raise ValueError('step %r: condition %r' % (name, cond))
                if cond == 'false':
                    continue
            if 'uses' in step:
                uses = step['uses']
                with_ = {k: self.expand(v, ctx) for k, v in (step.get('with') or {}).items()}
                if not uses.startswith('github/codeql-action/upload-sarif@'):
                    raise ValueError('step %r uses %s, which the test cannot run' % (name, uses))
                uploads.append(with_)
                continue
            output = os.path.join(ctx['runner_temp'], 'output-%d' % len(log))
            open(output, 'w').close()
            env = dict(os.environ)
            env.update(env_extra)
            env.update({k: self.expand(v, ctx) for k, v in (step.get('env') or {}).items()})
            env.update({'GITHUB_ACTION_PATH': self.action_path, 'GITHUB_WORKSPACE': workspace,
                        'RUNNER_TEMP': ctx['runner_temp'], 'GITHUB_ENV': github_env,
                        'GITHUB_OUTPUT': output, 'GITHUB_ACTIONS': 'true',
                        'PATH': self.shims + os.pathsep + os.environ.get('PATH', '')})
            script = os.path.join(ctx['runner_temp'], 'step-%d.sh' % len(log))
            write(ctx['runner_temp'], os.path.basename(script), self.expand(step['run'], ctx))
            wd = self.expand(step.get('working-directory', '.'), ctx)
            cwd = os.path.join(workspace, wd) if not os.path.isabs(wd) else wd
            assert step.get('shell') == 'bash', 'step %r: shell %r' % (name, step.get('shell'))
            rc, out, err = run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', script], cwd, env)
            log.append((name, rc, out, err))
            with open(github_env) as f:
                for line in f.read().splitlines():
                    if '=' in line:
                        k, v = line.split('=', 1)
                        env_extra[k] = v
            if step.get('id'):
                outs = {}
                with open(output) as f:
                    for line in f.read().splitlines():
                        if '=' in line:
                            k, v = line.split('=', 1)
                            outs[k] = v
                ctx['outputs'][step['id']] = outs
            if rc != 0:
                return name, rc, log, uploads
        return None, 0, log, uploads


SAMPLE_BAD = '''from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.views import APIView


class GradeView(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthentication)
'''

SAMPLE_NEW = '''from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class TeamView(APIView):
    authentication_classes = (SessionAuthentication,)
'''


def sample_repo(path, inputs):
    """A repository for the action: a finding in lms/; with a baseline input,
    the baseline records it and openedx/ adds a new one."""
    os.makedirs(path)
    write(path, 'lms/views.py', SAMPLE_BAD)
    if inputs.get('baseline'):
        rc, out, err = run([AUTHLINT, 'check', '--no-cache', '--write-baseline', inputs['baseline'], '.'], path)
        if rc != 0:
            die('cannot write the sample baseline: ' + err)
    write(path, 'openedx/views.py', SAMPLE_NEW)
    run(['git', 'init', '-q', path], path)


def direct(workspace, inputs, fmt, fail_on):
    """What authlint itself says for these inputs: the action must agree."""
    cmd = [AUTHLINT, 'check']
    if inputs.get('config'):
        cmd += ['--config', inputs['config']]
    if inputs.get('baseline'):
        cmd += ['--baseline', inputs['baseline']]
    cmd += inputs.get('args', '').split() + ['--no-cache', '--format', fmt, '--fail-on', fail_on]
    if fmt == 'sarif':
        cmd += ['--category', inputs['category']]
    cmd += ['--'] + inputs['paths'].split()
    return run(cmd, os.path.join(workspace, inputs.get('working-directory', '.')))


def test_workflow(where, body, action, tmp, n):
    try:
        wf = yaml.safe_load(body)
    except yaml.YAMLError as e:
        check('%s: workflow is YAML' % where, False, str(e))
        return
    declared = set((action.spec.get('inputs') or {}).keys())
    perms = dict(wf.get('permissions') or {})
    steps = []
    for job in (wf.get('jobs') or {}).values():
        perms.update(job.get('permissions') or {})
        steps += job.get('steps') or []
    uses = [s for s in steps if ACTION_REF.match(str(s.get('uses', '')))]
    check('%s: workflow uses the action once, after actions/checkout' % where,
          len(uses) == 1 and any(str(s.get('uses', '')).startswith('actions/checkout@')
                                 for s in steps[:steps.index(uses[0])] if uses),
          'steps: %s' % [s.get('uses') for s in steps])
    if len(uses) != 1:
        return
    given = uses[0].get('with') or {}
    check('%s: every input it sets is declared in action.yml' % where,
          set(given) <= declared, 'unknown: %s' % sorted(set(given) - declared))
    upload = action.inputs(given)['upload'] == 'true'
    check('%s: permissions allow the SARIF upload (security-events: write)' % where,
          not upload or perms.get('security-events') == 'write', 'permissions: %s' % perms)

    inputs = action.inputs(given)
    workspace = os.path.join(tmp, 'workspace-%d' % n)
    sample_repo(workspace, inputs)
    failed, rc, log, uploads = action.run(workspace, given)
    steps_log = '\n'.join('--- %s: exit %d\n%s%s' % (name, s, out, err) for name, s, out, err in log)
    want_rc, want_out, want_err = direct(workspace, inputs, 'github', inputs['fail-on'])
    gate = [x for x in log if x[0].startswith('Check')]
    check('%s: the action fails the job exactly when authlint does (exit %d)' % (where, want_rc),
          (failed is None) == (want_rc == 0) and
          (failed is None or (failed.startswith('Check') and rc == want_rc)),
          'failed step %r exit %d\n%s' % (failed, rc, steps_log))
    check('%s: the check step prints authlint\'s github annotations' % where,
          gate and gate[0][2] == want_out and want_out.startswith('::error file='),
          'want:\n%s\n%s' % (want_out, steps_log))
    sarif_path = None
    if upload:
        ok = len(uploads) == 1
        if ok:
            sarif_path = uploads[0].get('sarif_file', '')
        check('%s: SARIF upload step gets the file and the category' % where,
              ok and os.path.isfile(sarif_path or '') and uploads[0].get('category') == inputs['category'],
              'uploads: %s' % uploads)
    else:
        check('%s: no upload when upload is false' % where, uploads == [], 'uploads: %s' % uploads)
    if sarif_path and os.path.isfile(sarif_path):
        with open(sarif_path) as f:
            got = json.load(f)
        rc2, out2, err2 = direct(workspace, inputs, 'sarif', 'never')
        want = json.loads(out2)
        run0 = got['runs'][0]
        check('%s: the uploaded SARIF is authlint\'s, with category %r' % (where, inputs['category']),
              got == want and run0.get('automationDetails', run0.get('runAutomationDetails', {}))
              .get('id', '').startswith(inputs['category']) and
              (not inputs.get('baseline') or
               all('baselineState' in r for r in run0['results'])),
              'action SARIF differs from `authlint check --format sarif` (or lacks the category)')


def test_action_subdir(action, tmp):
    """A project whose .authlint.json is in a subdirectory: SARIF URIs are
    made relative to the repository for code scanning."""
    workspace = os.path.join(tmp, 'workspace-subdir')
    os.makedirs(workspace)
    write(workspace, 'service/.authlint.json', '{}\n')
    write(workspace, 'service/app/views.py', SAMPLE_BAD)
    run(['git', 'init', '-q', workspace], workspace)
    given = {'paths': 'service', 'config': 'service/.authlint.json', 'fail-on': 'never'}
    failed, rc, log, uploads = action.run(workspace, given)
    uris = []
    try:
        with open(uploads[0]['sarif_file']) as f:
            doc = json.load(f)
        run0 = doc['runs'][0]
        for r in run0['results']:
            uris.append(r['locations'][0]['physicalLocation']['artifactLocation']['uri'])
            uris += [x['physicalLocation']['artifactLocation']['uri'] for x in r.get('relatedLocations', [])]
        base = run0['originalUriBaseIds']['%SRCROOT%']['uri']
    except (IndexError, KeyError, OSError, ValueError) as e:
        base = 'unreadable: %s' % e
    check('action: project in a subdirectory: SARIF URIs relative to the repository',
          failed is None and uris == ['service/app/views.py', 'service/app/views.py'] and
          base == 'file://%s/' % os.path.realpath(workspace),
          'failed %r, uris %s, base %s\n%s' % (failed, uris, base,
                                               '\n'.join('%s %d %s%s' % x for x in log)))


def main():
    if not os.access(AUTHLINT, os.X_OK):
        die('authlint binary not executable: ' + AUTHLINT)
    if yaml is None:
        die('PyYAML missing (apt-get install -y python3-yaml); this test never skips')
    if shutil.which('pre-commit') is None:
        die('pre-commit missing (apt-get install -y pre-commit); this test never skips')
    tmp = tempfile.mkdtemp(prefix='authlint-docs-')
    try:
        manifest = os.path.join(SRC_ROOT, '.pre-commit-hooks.yaml')
        rc, out, err = run(['pre-commit', 'validate-manifest', manifest], SRC_ROOT)
        check('.pre-commit-hooks.yaml: pre-commit validate-manifest accepts it', rc == 0, out + err)
        with open(manifest) as f:
            hook_ids = [h['id'] for h in yaml.safe_load(f)]

        workflows = []
        for name in PAGES:
            path = os.path.join(SRC_ROOT, 'docs', name)
            if not check('docs/%s exists' % name, os.path.isfile(path)):
                continue
            page = Page(name, tmp)
            tested = 0
            for line, info, body in fences(path):
                before = len(results)
                page.block(line, info, body, workflows, hook_ids)
                tested += len(results) > before or 'github-workflow' in info
            check('docs/%s has tested examples (%d)' % (name, tested), tested > 0)
            with open(path) as f:
                text = f.read()
            if name == 'github-actions.md':
                with open(os.path.join(SRC_ROOT, 'action.yml')) as f:
                    declared = list((yaml.safe_load(f).get('inputs') or {}).keys())
                missing = [i for i in declared if '| `%s` |' % i not in text]
                check('docs/github-actions.md documents every input of action.yml', not missing,
                      'missing: %s' % missing)
            if name == 'pre-commit.md':
                missing = [i for i in hook_ids if '| `%s` |' % i not in text]
                check('docs/pre-commit.md documents every hook id', not missing, 'missing: %s' % missing)

        if not check('docs/github-actions.md has workflow examples', bool(workflows)):
            return 1
        action_path = os.path.join(tmp, 'action')
        snapshot_source(action_path)
        action = Action(tmp, action_path)
        for n, (where, body) in enumerate(workflows):
            test_workflow(where, body, action, tmp, n)
        test_action_subdir(action, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    failed = results.count(False)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
