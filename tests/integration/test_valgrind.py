#!/usr/bin/env python3
"""Memcheck: runs $AUTHLINT under valgrind on the example project and on a
sample of fixture projects (up to three cases per fixture group, with their
.args), in every output format, with --diff and --fix, and with the facts
cache written then read. A case fails on any valgrind error (invalid read or
write, use of uninitialised memory, a definite or indirect leak), on a
signal, or when the exit status differs from the same run without valgrind.

valgrind is required: without it the driver fails (it does not skip).
On an AddressSanitizer build (build-asan) it exits 77, which meson reports
as skipped: valgrind cannot run such a binary, and the sanitizers already
check it. Prints "N passed, N failed" last. Environment: AUTHLINT, AUTHLINT_SOURCE_ROOT.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

AUTHLINT = os.environ["AUTHLINT"]
SOURCE_ROOT = os.environ["AUTHLINT_SOURCE_ROOT"]
FIXTURES = os.path.join(SOURCE_ROOT, "tests", "fixtures")
EXAMPLE = os.path.join(SOURCE_ROOT, "examples", "openedx-demo")
PER_GROUP = 3
VALGRIND_ERROR = 99  # distinct from authlint's own exit codes 0, 1, 2
VALGRIND = ["valgrind", "--tool=memcheck", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect", "--error-exitcode=%d" % VALGRIND_ERROR, "--num-callers=30"]


class Failure(Exception):
    pass


def run_checked(cwd, args):
    """Runs authlint with args in cwd without valgrind; returns the exit code."""
    plain = subprocess.run([AUTHLINT] + args, cwd=cwd, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    return plain.returncode


def memcheck(cwd, args, expected_rc=None):
    with tempfile.NamedTemporaryFile(prefix="authlint-vg-", suffix=".log", delete=False) as log:
        log_path = log.name
    try:
        p = subprocess.run(VALGRIND + ["--log-file=" + log_path, AUTHLINT] + args, cwd=cwd, capture_output=True,
                           timeout=600, stdin=subprocess.DEVNULL)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            report = f.read()
    finally:
        os.unlink(log_path)
    what = "authlint " + " ".join(shlex.quote(a) for a in args)
    if p.returncode < 0:
        raise Failure("%s: killed by signal %d under valgrind\n%s" % (what, -p.returncode, report[-3000:]))
    summary = re.findall(r"ERROR SUMMARY: (\d+) errors", report)
    if not summary:
        raise Failure("%s: no valgrind ERROR SUMMARY (did valgrind run?)\n%s" % (what, report[-2000:]))
    if p.returncode == VALGRIND_ERROR or summary[-1] != "0":
        raise Failure("%s: valgrind found errors\n%s" % (what, report[-6000:]))
    if expected_rc is not None and p.returncode != expected_rc:
        raise Failure("%s: exit %d under valgrind, %d without\n%s" % (what, p.returncode, expected_rc,
                                                                        p.stderr.decode(errors="replace")[-2000:]))
    return p.returncode


def copy_project(src, dst):
    if os.path.isdir(src):
        shutil.copytree(src, dst, symlinks=True)
    else:
        os.makedirs(dst)
        shutil.copy(src, dst)


def same_as_plain(src, args):
    """Runs args in a fresh copy of src without valgrind, then in another
    fresh copy under valgrind; the exit codes must match."""
    with tempfile.TemporaryDirectory(prefix="authlint-vg-") as tmp:
        a, b = os.path.join(tmp, "plain"), os.path.join(tmp, "memcheck")
        copy_project(src, a)
        copy_project(src, b)
        rc = run_checked(a, args)
        memcheck(b, args, expected_rc=rc)


def example_cases():
    base = ["--color", "never"]
    for args in (["check", "--no-cache", "."],
                 ["check", "--no-cache", "--format", "json", "."],
                 ["check", "--no-cache", "--format", "sarif", "--category", "vg", "."],
                 ["check", "--no-cache", "--format", "github", "--statistics", "."],
                 ["check", "--no-cache", "--jobs", "3", "--no-prescan", "."],
                 ["check", "--no-cache", "--diff", "."],
                 ["check", "--no-cache", "--fix", "."],
                 ["check", "--no-cache", "--write-baseline", "baseline.json", "."],
                 ["audit", "--no-cache", "--format", "html", "."],
                 ["audit", "--no-cache", "--format", "md", "."]):
        yield "example: " + " ".join(args), lambda args=args: same_as_plain(EXAMPLE, args[:1] + base + args[1:])
    yield "example: cache written, then read", example_cached


def example_cached():
    with tempfile.TemporaryDirectory(prefix="authlint-vg-") as tmp:
        root = os.path.join(tmp, "p")
        copy_project(EXAMPLE, root)
        args = ["check", "--color", "never", "--format", "json", "."]
        rc = run_checked(root, ["check", "--no-cache", "--color", "never", "."])
        memcheck(root, args, expected_rc=rc)  # writes .authlint_cache
        if not os.path.isdir(os.path.join(root, ".authlint_cache")):
            raise Failure("no .authlint_cache written")
        memcheck(root, args, expected_rc=rc)  # reads it


def fixture_cases():
    for group in sorted(os.listdir(FIXTURES)):
        gdir = os.path.join(FIXTURES, group)
        if not os.path.isdir(gdir):
            continue
        names = sorted(n[:-3] if n.endswith(".py") else n for n in os.listdir(gdir)
                       if n.endswith(".py") or (os.path.isdir(os.path.join(gdir, n)) and not n.startswith(".")))
        for name in names[:PER_GROUP]:
            src = os.path.join(gdir, name + ".py")
            if not os.path.exists(src):
                src = os.path.join(gdir, name)
            args = []
            args_file = os.path.join(gdir, name + ".args")
            if os.path.exists(args_file):
                with open(args_file) as f:
                    args = shlex.split(f.read())
            full = ["check", "--no-cache", "--color", "never", "--format", "json"] + args + ["."]
            yield "fixture %s/%s" % (group, name), lambda src=src, full=full: same_as_plain(src, full)


def bad_input_case():
    with tempfile.TemporaryDirectory(prefix="authlint-vg-") as tmp:
        with open(os.path.join(tmp, "views.py"), "wb") as f:
            f.write(b"from rest_framework.views import APIView\n\n\nclass V(APIView):\n"
                    b"    authentication_classes = ((((Bearer\x00, \xff]\n    def get(self, request:\n")
        with open(os.path.join(tmp, "blob.py"), "wb") as f:
            f.write(bytes((i * 7919 + 13) % 256 for i in range(20000)))
        with open(os.path.join(tmp, ".authlint.json"), "wb") as f:
            f.write(b'{"select": ["AUTH001",')
        rc = run_checked(tmp, ["check", "--no-cache", "."])
        memcheck(tmp, ["check", "--no-cache", "."], expected_rc=rc)  # config error: exit 2
        os.remove(os.path.join(tmp, ".authlint.json"))
        rc = run_checked(tmp, ["check", "--no-cache", "--format", "sarif", "."])
        memcheck(tmp, ["check", "--no-cache", "--format", "sarif", "."], expected_rc=rc)


def sanitizer_build():
    """True when the binary is built with AddressSanitizer, which valgrind
    cannot run (both replace malloc)."""
    with open(AUTHLINT, "rb") as f:
        return b"__asan_init" in f.read()


def main():
    if sanitizer_build():
        # meson counts exit 77 as a skip: scripts/test.sh runs every suite on
        # build-asan too, where the sanitizers do this job.
        print("skip: %s is an AddressSanitizer build; memcheck runs on the plain build" % AUTHLINT)
        print("0 passed, 0 failed")
        return 77
    if not shutil.which("valgrind"):
        print("FAIL valgrind is not installed (apt-get install valgrind); this suite does not skip")
        print("0 passed, 1 failed")
        return 1
    cases = list(example_cases()) + list(fixture_cases()) + [("bad input: NUL, invalid UTF-8, binary, bad config",
                                                              bad_input_case)]
    passed = failed = 0
    for name, fn in cases:
        try:
            fn()
            passed += 1
            print("ok   %s" % name)
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
        except subprocess.TimeoutExpired as e:
            failed += 1
            print("FAIL %s: timeout (%s)" % (name, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
