#!/usr/bin/env python3
"""pre-commit integration: the repository's .pre-commit-hooks.yaml driven by
the real `pre-commit` tool, on real `git commit`s.

The hook repository is a snapshot of the source tree (tracked and untracked,
not ignored files, as they are in the work tree) committed into a temporary
git repository, so the hooks under test are the ones in the work tree, not
the last commit. The fetched grammar sources are committed into the snapshot
too, so the script hook's first-use build runs offline.

A temporary DRF project with `pre-commit install` then:
  1. commits settings and a clean view: the commit succeeds;
  2. commits a view with (JwtAuthentication, BearerAuthentication): rejected,
     the hook output names AUTH003 and its message;
  3. commits the fixed view: succeeds;
  4. with a violation already committed (--no-verify) in another file, a clean
     commit of one file still succeeds (findings for the passed files only)
     while a view there inheriting from a base in an unchanged file is
     resolved (its base's JWT is found, no AUTH001);
for the `authlint-system` hook (authlint on PATH) and for the `authlint`
script hook (which builds authlint with meson inside pre-commit's cache, with
no authlint on PATH). `pre-commit try-repo` is exercised too.

pre-commit missing is a failure, never a skip. Environment: AUTHLINT (the
built binary), AUTHLINT_SOURCE_ROOT (the repository).
"""
import os
import shutil
import subprocess
import sys
import tempfile

SRC_ROOT = os.environ.get('AUTHLINT_SOURCE_ROOT') or \
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AUTHLINT = os.environ.get('AUTHLINT') or os.path.join(SRC_ROOT, 'build', 'authlint')

AUTH003_MESSAGE = ('AUTH003 BearerAuthentication is deprecated (OEP-0042); remove it '
                   'from authentication_classes (endpoint proj.api.legacy.LegacyView)')

SETTINGS = '''REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication",
        "edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser",
    ),
}
'''

BASE = '''from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class JwtOnlyView(APIView):
    # Service-to-service only: no session (deviates from the default).
    authentication_classes = (JwtAuthentication,)
'''

CLEAN_VIEW = '''from rest_framework.views import APIView


class CourseView(APIView):
    def get(self, request):
        return None
'''

LEGACY_BAD = '''from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.views import APIView


class LegacyView(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthentication)

    def get(self, request):
        return None
'''

LEGACY_FIXED = '''from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.views import APIView


class LegacyView(APIView):
    # Mobile clients only send JWTs (deviates from the session default).
    authentication_classes = (JwtAuthentication,)

    def get(self, request):
        return None
'''

# Committed with --no-verify: a violation that is already in the code base.
OLD_BAD = '''from rest_framework.authentication import BasicAuthentication
from rest_framework.views import APIView


class OldView(APIView):
    authentication_classes = (BasicAuthentication,)
'''

# A project subclass of a deprecated class, in a file the commits never pass.
LEGACY_AUTH = '''from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication


class LegacyBearer(BearerAuthentication):
    """Kept for the old mobile apps."""
'''

# Inherits JwtAuthentication from proj/api/base.py, which is not passed.
REPORTS_CLEAN = '''from proj.api.base import JwtOnlyView


class ReportView(JwtOnlyView):
    def get(self, request):
        return None
'''

# LegacyBearer is bearer only through proj/auth.py, which is not passed.
REPORTS_BAD = '''from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.views import APIView

from proj.auth import LegacyBearer


class ReportView(APIView):
    authentication_classes = (JwtAuthentication, LegacyBearer)
'''

results = []


def check(name, ok, detail=''):
    results.append(ok)
    print('%s %s%s' % ('ok  ' if ok else 'FAIL', name, '' if ok or not detail else '\n' + detail))


def die(msg):
    print('FATAL: ' + msg)
    print('0 passed, 1 failed')
    sys.exit(1)


def run(cmd, cwd, env, timeout=600):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=timeout)
    return r.returncode, r.stdout


def must(cmd, cwd, env):
    rc, out = run(cmd, cwd, env)
    if rc != 0:
        die('%s (in %s) exited %d:\n%s' % (' '.join(cmd), cwd, rc, out))
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def base_env(tmp):
    """A clean environment: temporary HOME and pre-commit cache, no git
    variables inherited from a calling hook, a PATH without any authlint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    env['HOME'] = os.path.join(tmp, 'home')
    env['PRE_COMMIT_HOME'] = os.path.join(tmp, 'pre-commit-cache')
    env['XDG_CACHE_HOME'] = os.path.join(tmp, 'xdg-cache')
    env['GIT_CONFIG_NOSYSTEM'] = '1'
    env['PRE_COMMIT_COLOR'] = 'never'
    env['NO_COLOR'] = '1'
    os.makedirs(env['HOME'])
    path = []
    for d in os.environ.get('PATH', '/usr/bin:/bin').split(os.pathsep):
        if d and not os.path.exists(os.path.join(d, 'authlint')):
            path.append(d)
    env['PATH'] = os.pathsep.join(path)
    return env


def git_init(path, env):
    os.makedirs(path, exist_ok=True)
    must(['git', 'init', '-q', '-b', 'main', path], path, env)
    must(['git', 'config', 'user.name', 'authlint test'], path, env)
    must(['git', 'config', 'user.email', 'test@example.invalid'], path, env)
    must(['git', 'config', 'commit.gpgsign', 'false'], path, env)


def source_files():
    """Work-tree files of the source repository, as they would be committed."""
    r = subprocess.run(['git', '-C', SRC_ROOT, 'ls-files', '-z', '--cached', '--others',
                        '--exclude-standard'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode == 0:
        return sorted(set(p.decode() for p in r.stdout.split(b'\0') if p))
    files = []  # not a git checkout (a tarball): everything but build output
    for top, dirs, names in os.walk(SRC_ROOT):
        dirs[:] = [d for d in dirs if not (d.startswith('build') or d in ('.git', 'node_modules'))
                   and not (top == os.path.join(SRC_ROOT, 'grammars') and d == 'tree-sitter-python')]
        files += [os.path.relpath(os.path.join(top, n), SRC_ROOT) for n in names]
    return sorted(files)


def snapshot_hook_repo(dest, env):
    """Commits the source work tree (plus the fetched grammar) into dest."""
    for rel in source_files():
        src = os.path.join(SRC_ROOT, rel)
        if not os.path.isfile(src) or os.path.islink(src):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel))
    grammar = os.path.join(SRC_ROOT, 'grammars', 'tree-sitter-python')
    if not os.path.isfile(os.path.join(grammar, 'src', 'parser.c')):
        die('grammar sources missing in %s: run grammars/fetch.sh' % grammar)
    shutil.copytree(grammar, os.path.join(dest, 'grammars', 'tree-sitter-python'))
    git_init(dest, env)
    must(['git', 'add', '-A'], dest, env)
    must(['git', 'add', '-f', 'grammars/tree-sitter-python'], dest, env)
    must(['git', 'commit', '-q', '--no-verify', '-m', 'snapshot'], dest, env)
    return must(['git', 'rev-parse', 'HEAD'], dest, env).strip()


def head(project, env):
    return must(['git', 'rev-parse', '--verify', '-q', 'HEAD'], project, env).strip()


def commit(project, env, files, message):
    must(['git', 'add', '--'] + files, project, env)
    rc, out = run(['git', 'commit', '-m', message], project, env)
    if os.environ.get('VERBOSE'):
        print('--- git commit -m %r: exit %d\n%s---' % (message, rc, out))
    return rc, out


def scenario(tmp, hook_repo, rev, hook_id, env, label):
    project = os.path.join(tmp, 'project-' + hook_id)
    git_init(project, env)
    write(os.path.join(project, '.pre-commit-config.yaml'),
          'repos:\n'
          '  - repo: %s\n'
          '    rev: %s\n'
          '    hooks:\n'
          '      - id: %s\n' % (hook_repo, rev, hook_id))
    write(os.path.join(project, 'proj', '__init__.py'), '')
    write(os.path.join(project, 'proj', 'settings.py'), SETTINGS)
    write(os.path.join(project, 'proj', 'api', '__init__.py'), '')
    write(os.path.join(project, 'proj', 'api', 'views.py'), CLEAN_VIEW)
    must(['pre-commit', 'install'], project, env)

    # 1. A clean first commit.
    rc, out = commit(project, env, ['.pre-commit-config.yaml', 'proj'], 'clean project')
    check('%s: clean commit succeeds' % label, rc == 0 and 'Passed' in out,
          'exit %d\n%s' % (rc, out))
    if rc != 0:
        return
    first = head(project, env)

    # 2. A view with BearerAuthentication is rejected.
    write(os.path.join(project, 'proj', 'api', 'legacy.py'), LEGACY_BAD)
    rc, out = commit(project, env, ['proj/api/legacy.py'], 'legacy view')
    expect = 'proj/api/legacy.py:7:50: ' + AUTH003_MESSAGE
    check('%s: commit with BearerAuthentication is rejected' % label,
          rc != 0 and 'Failed' in out and head(project, env) == first,
          'exit %d\n%s' % (rc, out))
    check('%s: hook output has the AUTH003 finding at its site' % label,
          expect in out.splitlines(), 'want line: %s\ngot:\n%s' % (expect, out))
    check('%s: hook output reports only that finding' % label,
          sum(1 for line in out.splitlines() if ': AUTH0' in line) == 1, out)

    # 3. The fixed view commits.
    write(os.path.join(project, 'proj', 'api', 'legacy.py'), LEGACY_FIXED)
    rc, out = commit(project, env, ['proj/api/legacy.py'], 'legacy view, fixed')
    check('%s: fixed commit succeeds' % label, rc == 0 and head(project, env) != first,
          'exit %d\n%s' % (rc, out))

    # 4. Only the passed files are reported; names still resolve project-wide.
    write(os.path.join(project, 'proj', 'api', 'old.py'), OLD_BAD)
    write(os.path.join(project, 'proj', 'api', 'base.py'), BASE)
    write(os.path.join(project, 'proj', 'auth.py'), LEGACY_AUTH)
    must(['git', 'add', 'proj'], project, env)
    must(['git', 'commit', '-q', '--no-verify', '-m', 'old code'], project, env)
    before = head(project, env)
    write(os.path.join(project, 'proj', 'api', 'reports.py'), REPORTS_CLEAN)
    rc, out = commit(project, env, ['proj/api/reports.py'], 'report view')
    check('%s: clean commit passes beside an old violation in another file' % label,
          rc == 0 and head(project, env) != before and 'AUTH0' not in out,
          'exit %d\n%s' % (rc, out))
    before = head(project, env)
    write(os.path.join(project, 'proj', 'api', 'reports.py'), REPORTS_BAD)
    rc, out = commit(project, env, ['proj/api/reports.py'], 'report view, legacy auth')
    expect = ('proj/api/reports.py:8:50: AUTH003 LegacyBearer is deprecated (OEP-0042); remove it '
              'from authentication_classes (endpoint proj.api.reports.ReportView)')
    check('%s: a class made bearer by an unchanged file is found (project-wide names)' % label,
          rc != 0 and head(project, env) == before and expect in out.splitlines(),
          'want line: %s\nexit %d\n%s' % (expect, rc, out))


def main():
    if shutil.which('pre-commit') is None:
        die('pre-commit is not installed: apt-get install -y pre-commit (this test never skips)')
    if not os.access(AUTHLINT, os.X_OK):
        die('authlint binary not executable: ' + AUTHLINT)
    version = subprocess.run(['pre-commit', '--version'], stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.strip()
    print('using %s' % version)

    tmp = tempfile.mkdtemp(prefix='authlint-precommit-')
    try:
        env = base_env(tmp)
        hook_repo = os.path.join(tmp, 'authlint-repo')
        rev = snapshot_hook_repo(hook_repo, env)

        # The system hook: authlint on PATH.
        bindir = os.path.join(tmp, 'bin')
        os.makedirs(bindir)
        os.symlink(os.path.abspath(AUTHLINT), os.path.join(bindir, 'authlint'))
        sys_env = dict(env, PATH=bindir + os.pathsep + env['PATH'])
        scenario(tmp, hook_repo, rev, 'authlint-system', sys_env, 'authlint-system')

        # try-repo, as docs/pre-commit.md suggests for a first look.
        project = os.path.join(tmp, 'project-authlint-system')
        write(os.path.join(project, 'proj', 'api', 'legacy.py'), LEGACY_BAD)
        rc, out = run(['pre-commit', 'try-repo', hook_repo, 'authlint-system', '--ref', rev,
                       '--files', 'proj/api/legacy.py', 'proj/api/views.py'], project, sys_env)
        check('try-repo authlint-system: fails with AUTH003',
              rc == 1 and ('proj/api/legacy.py:7:50: ' + AUTH003_MESSAGE) in out.splitlines(),
              'exit %d\n%s' % (rc, out))
        must(['git', 'checkout', '-q', '--', '.'], project, sys_env)

        # The script hook: no authlint on PATH, it builds its own.
        scenario(tmp, hook_repo, rev, 'authlint', env, 'authlint (script, builds on first use)')
        built = []
        for top, dirs, names in os.walk(env['PRE_COMMIT_HOME']):
            if os.path.basename(top) == 'build-pre-commit' and 'authlint' in names:
                built.append(os.path.join(top, 'authlint'))
            dirs[:] = [d for d in dirs if d not in ('.git', 'grammars', 'src', 'tests')]
        check('script hook built authlint inside the pre-commit cache', len(built) == 1,
              'found: %s' % built)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    failed = results.count(False)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
