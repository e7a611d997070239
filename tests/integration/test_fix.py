#!/usr/bin/env python3
"""Golden tests of --diff and --fix: tests/fixtures/fix/<case>/ holds a small
project (input .py files) beside expected.diff, and optionally
expected.stderr (the warnings, one per line).

Each case is copied into a fresh temporary directory, the project root:

1. `authlint check --no-cache --diff --root <tmp> <tmp>` must print exactly
   expected.diff (exit 1 when it is not empty, 0 when it is) and write
   nothing;
2. `authlint check --no-cache --fix ...` must leave every file equal to the
   input patched with expected.diff, every .py file must compile
   (py_compile) and keep its mode;
3. a second --diff must print nothing (exit 0): the fix is idempotent.

Then a read-only file and a read-only directory: --fix warns, exits 2 and
changes nothing; and the ```diff fix-example=<case> blocks of docs/fix.md
must equal their case's expected.diff. Run with UPDATE=1 to rewrite the expected.diff files (then
review the diff).
"""
import difflib
import os
import py_compile
import re
import shutil
import stat
import subprocess
import sys
import tempfile

AUTHLINT = os.environ["AUTHLINT"]
CASES = os.path.join(os.environ["AUTHLINT_SOURCE_ROOT"], "tests", "fixtures", "fix")
EXPECTED = ("expected.diff", "expected.stderr")


def run(root, *args):
    """Runs from the project root, so paths in warnings are relative to it."""
    p = subprocess.run([AUTHLINT, "check", "--no-cache", "--color", "never"] + list(args) + ["--root", ".", "."],
                       cwd=root, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape"), p.stderr.decode("utf-8", "surrogateescape")


def snapshot(root):
    """{relpath: (bytes, mode)} of every file under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".authlint_cache", "__pycache__")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = (f.read(), stat.S_IMODE(os.stat(path).st_mode))
    return out


def apply_patch(files, diff):
    """Applies a unified diff (as authlint prints it) to {relpath: bytes}."""
    result = dict(files)
    lines = diff.splitlines(True)
    i = 0
    while i < len(lines):
        if not lines[i].startswith("--- a/"):
            raise ValueError("expected a file header at line %d: %r" % (i + 1, lines[i]))
        path = lines[i][6:].rstrip("\n")
        i += 2  # +++ b/path
        old = result[path].decode("utf-8", "surrogateescape").splitlines(True)
        new = []
        pos = 0
        while i < len(lines) and lines[i].startswith("@@"):
            m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
            # "-0,0" inserts after line 0; "-5,2" starts at line 5.
            first = int(m.group(1)) if m.group(2) == "0" else int(m.group(1)) - 1
            new.extend(old[pos:first])
            pos = first
            i += 1
            while i < len(lines) and lines[i][:1] in (" ", "-", "+", "\\"):
                tag, text = lines[i][0], lines[i][1:]
                if i + 1 < len(lines) and lines[i + 1].startswith("\\"):
                    text = text[:-1]  # "\ No newline at end of file"
                if tag == "\\":
                    i += 1
                    continue
                if tag in " -":
                    if old[pos] != text:
                        raise ValueError("%s: context mismatch at line %d" % (path, pos + 1))
                    pos += 1
                if tag in " +":
                    new.append(text)
                i += 1
        new.extend(old[pos:])
        result[path] = "".join(new).encode("utf-8", "surrogateescape")
    return result


def check_case(name, path, update):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "project")
        shutil.copytree(path, root, ignore=shutil.ignore_patterns(*EXPECTED))
        # Distinct modes, to see that --fix keeps them.
        for i, rel in enumerate(sorted(snapshot(root))):
            os.chmod(os.path.join(root, rel), (0o640, 0o600, 0o755)[i % 3])
        before = snapshot(root)

        rc, diff, err = run(root, "--diff")
        warnings = "".join(l + "\n" for l in err.splitlines() if "warning:" in l)
        if update:
            with open(os.path.join(path, "expected.diff"), "w", newline="") as f:
                f.write(diff)
            if warnings:
                with open(os.path.join(path, "expected.stderr"), "w") as f:
                    f.write(warnings)
            elif os.path.exists(os.path.join(path, "expected.stderr")):
                os.remove(os.path.join(path, "expected.stderr"))
            return []
        with open(os.path.join(path, "expected.diff"), newline="") as f:
            expected = f.read()
        if diff != expected:
            problems.append("--diff output differs from expected.diff:\n" + "".join(
                difflib.unified_diff(expected.splitlines(True), diff.splitlines(True), "expected", "actual")))
        if rc != (1 if expected else 0):
            problems.append("--diff exit %d (expected %d): %s" % (rc, 1 if expected else 0, err))
        want_err = ""
        if os.path.exists(os.path.join(path, "expected.stderr")):
            want_err = open(os.path.join(path, "expected.stderr")).read()
        if warnings != want_err:
            problems.append("warnings differ:\n%s---\nexpected:\n%s" % (warnings, want_err))
        if snapshot(root) != before:
            problems.append("--diff changed files")

        rc, out, err = run(root, "--fix")
        if rc not in (0, 1):
            problems.append("--fix exit %d: %s" % (rc, err))
        after = snapshot(root)
        try:
            want = apply_patch({k: v[0] for k, v in before.items()}, expected)
        except (ValueError, KeyError, IndexError) as e:
            problems.append("expected.diff does not apply: %s" % e)
            want = None
        if want is not None:
            for rel in sorted(before):
                if after.get(rel, (None,))[0] != want[rel]:
                    problems.append("%s after --fix differs from the input patched with expected.diff" % rel)
        for rel, (_, mode) in sorted(before.items()):
            if rel in after and after[rel][1] != mode:
                problems.append("%s: mode %o became %o" % (rel, mode, after[rel][1]))
            if rel.endswith(".py"):
                try:
                    py_compile.compile(os.path.join(root, rel), cfile=os.path.join(tmp, "c.pyc"), doraise=True)
                except py_compile.PyCompileError as e:
                    problems.append("%s does not compile after --fix: %s" % (rel, e))
        if sorted(after) != sorted(before):
            problems.append("--fix created or removed files: %s" % sorted(set(after) ^ set(before)))

        rc, diff2, err = run(root, "--diff")
        if diff2 or rc != 0:
            problems.append("second --diff not empty (exit %d):\n%s%s" % (rc, diff2, err))
    return problems


def check_read_only():
    """A file (or directory) that cannot be written: warning, exit 2, nothing
    changed, and the other files still fixed."""
    problems = []
    case = os.path.join(CASES, "auth003_tuple_single_line")
    for what in ("file", "directory"):
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "project")
            shutil.copytree(case, root, ignore=shutil.ignore_patterns(*EXPECTED))
            locked = os.path.join(root, "locked")
            os.mkdir(locked)
            shutil.copy(os.path.join(root, "views.py"), os.path.join(locked, "views.py"))
            if what == "file":
                os.chmod(os.path.join(locked, "views.py"), 0o444)
            else:
                os.chmod(locked, 0o555)
            before = snapshot(locked)
            try:
                rc, out, err = run(root, "--fix")
            finally:
                os.chmod(locked, 0o755)
            if rc != 2:
                problems.append("read-only %s: exit %d, expected 2" % (what, rc))
            if "locked/views.py: cannot write (read-only %s)" % what not in err:
                problems.append("read-only %s: no warning naming it:\n%s" % (what, err))
            if snapshot(locked) != before:
                problems.append("read-only %s: the file changed" % what)
            if [n for n in os.listdir(locked) if n != "views.py"]:
                problems.append("read-only %s: left files behind: %s" % (what, os.listdir(locked)))
            with open(os.path.join(root, "views.py")) as f:
                if "BearerAuthenticationAllowInactiveUser" in f.read():
                    problems.append("read-only %s: the writable file was not fixed" % what)
    return problems


def check_docs():
    """Every ```diff fix-example=<case> block of docs/fix.md is that case's
    expected.diff, so the examples cannot drift from what --diff prints."""
    problems = []
    doc = os.path.join(os.environ["AUTHLINT_SOURCE_ROOT"], "docs", "fix.md")
    with open(doc) as f:
        text = f.read()
    blocks = re.findall(r"^```diff fix-example=(\S+)\n(.*?)^```$", text, re.S | re.M)
    if not blocks:
        problems.append("docs/fix.md has no fix-example blocks")
    for case, body in blocks:
        path = os.path.join(CASES, case, "expected.diff")
        if not os.path.exists(path):
            problems.append("docs/fix.md names a missing case %s" % case)
            continue
        with open(path) as f:
            want = f.read()
        if body != want:
            problems.append("docs/fix.md example %s differs from its expected.diff:\n%s" % (case, "".join(
                difflib.unified_diff(want.splitlines(True), body.splitlines(True), "expected.diff", "docs"))))
    return problems


def main():
    update = os.environ.get("UPDATE") == "1"
    cases = sorted(n for n in os.listdir(CASES) if os.path.isdir(os.path.join(CASES, n)))
    if not cases:
        print("no cases under %s" % CASES)
        return 1
    passed = failed = 0
    for name in cases:
        problems = check_case(name, os.path.join(CASES, name), update)
        if problems:
            failed += 1
            print("FAIL fix/%s" % name)
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            passed += 1
            print("ok   fix/%s" % name)
    if not update:
        for label, check in (("read-only", check_read_only), ("docs", check_docs)):
            problems = check()
            if problems:
                failed += 1
                print("FAIL fix/%s" % label)
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                passed += 1
                print("ok   fix/%s" % label)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
