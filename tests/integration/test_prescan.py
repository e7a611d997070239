#!/usr/bin/env python3
"""The pre-scan loses nothing, and output does not depend on --jobs.

For every fixture case (tests/fixtures/*/*), the differential-test project
(tests/diff/project) and the bundled example, the JSON document of
`authlint check` must be byte-identical:
  - with the pre-scan and with --no-prescan (which parses every file);
  - with --jobs 1 and --jobs 4;
  - cold (--no-cache) and from a populated cache and stat index.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

AUTHLINT = os.environ["AUTHLINT"]
SRC = os.environ["AUTHLINT_SOURCE_ROOT"]


def projects():
    fixtures = os.path.join(SRC, "tests", "fixtures")
    for group in sorted(os.listdir(fixtures)):
        gdir = os.path.join(fixtures, group)
        if not os.path.isdir(gdir):
            continue
        for name in sorted(os.listdir(gdir)):
            path = os.path.join(gdir, name)
            if name.endswith(".py") or (os.path.isdir(path) and not name.startswith(".")):
                yield "%s/%s" % (group, name), path
    yield "diff/project", os.path.join(SRC, "tests", "diff", "project")
    yield "examples/openedx-demo", os.path.join(SRC, "examples", "openedx-demo")


def run(root, *args):
    r = subprocess.run([AUTHLINT, "check", "--format", "json", "--fail-on", "never", "--include-tests"]
                       + list(args) + ["--root", root, root], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return None, "exit %d: %s" % (r.returncode, r.stderr.strip()[:300])
    return r.stdout, None


def main():
    cases = failed = 0
    for name, path in projects():
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "p")
            if os.path.isdir(path):
                shutil.copytree(path, root)
            else:
                os.makedirs(root)
                shutil.copy(path, root)
            # Old enough for the stat index to record them (it leaves out files
            # changed in the last two seconds), so "cache read" uses it.
            old = time.time() - 3600
            for d, _, names in os.walk(root):
                for n in names:
                    os.utime(os.path.join(d, n), (old, old))
            variants = {
                "prescan": ("--no-cache",),
                "no-prescan": ("--no-cache", "--no-prescan"),
                "jobs 1": ("--no-cache", "--jobs", "1"),
                "jobs 4": ("--no-cache", "--jobs", "4"),
                "cache write": (),
                "cache read": (),
            }
            outputs = {}
            for label, args in variants.items():
                out, err = run(root, *args)
                if err:
                    print("FAIL %s (%s): %s" % (name, label, err))
                    failed += 1
                    break
                outputs[label] = out
            else:
                base = outputs["prescan"]
                bad = [label for label, out in outputs.items() if out != base]
                cases += 1
                if bad:
                    failed += 1
                    print("FAIL %s: output differs for %s" % (name, ", ".join(bad)))
    print("%d projects compared, %d failed" % (cases, failed))
    if cases < 100:
        print("FAIL: expected at least 100 projects, found %d" % cases)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
