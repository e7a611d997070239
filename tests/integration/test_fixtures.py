#!/usr/bin/env python3
"""Fixture runner: tests/fixtures/<group>/<case>.py (one module) or
tests/fixtures/<group>/<case>/ (a small project), beside <case>.expected.

Each case is copied into a fresh temporary directory, which becomes the
project root, and checked there:

    authlint check --no-cache --color never [ARGS] .

ARGS come from an optional <case>.args file (one line, shell words). The
actual output compared with <case>.expected is:

    <stdout of authlint>
    exit: <status>
    --- endpoints
    <one line per endpoint of `--format json` on the same case>

An endpoint line is: name type [Class:kind, ...] source[<from] flags, where
flags are `unresolved`, `browser`, `excluded=<kind>`, `alternatives=N`.
Run with UPDATE=1 to rewrite the .expected files (then review the diff);
ONLY=<group/case substring> limits the run to matching cases.
"""
import difflib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

AUTHLINT = os.environ["AUTHLINT"]
FIXTURES = os.path.join(os.environ["AUTHLINT_SOURCE_ROOT"], "tests", "fixtures")


def short(name):
    return name.rsplit(".", 1)[-1]


def endpoint_line(e):
    classes = ", ".join("%s:%s%s" % (short(c["name"]), c["kind"], "~" if c["heuristic"] else "")
                        for c in e["classes"])
    src = e["source"]["type"]
    if e["source"].get("from"):
        src += "<" + e["source"]["from"]
    flags = []
    if not e["resolved"]:
        flags.append("unresolved")
    if e["browser"]:
        flags.append("browser")
    if e["excluded"]:
        flags.append("excluded=" + e["excluded"]["kind"])
    if "alternatives" in e:
        flags.append("alternatives=%d" % len(e["alternatives"]))
    return " ".join(x for x in [e["name"], e["type"], "[%s]" % classes, src] + flags if x)


def run_case(case_path, args):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "project")
        if os.path.isdir(case_path):
            shutil.copytree(case_path, root)
        else:
            os.makedirs(root)
            shutil.copy(case_path, root)
        base = [AUTHLINT, "check", "--no-cache", "--color", "never"] + args
        text = subprocess.run(base + ["."], cwd=root, capture_output=True, text=True, timeout=60)
        if text.returncode not in (0, 1):
            return "authlint failed with exit %d:\n%s" % (text.returncode, text.stderr)
        js = subprocess.run(base + ["--format", "json", "--fail-on", "never", "."], cwd=root,
                            capture_output=True, text=True, timeout=60)
        if js.returncode != 0:
            return "authlint --format json failed with exit %d:\n%s" % (js.returncode, js.stderr)
        doc = json.loads(js.stdout)
        lines = [text.stdout.rstrip("\n"), "exit: %d" % text.returncode, "--- endpoints"]
        lines += [endpoint_line(e) for e in doc["endpoints"]]
        return "\n".join(lines) + "\n"


def main():
    update = os.environ.get("UPDATE") == "1"
    only = os.environ.get("ONLY", "")
    cases = []
    for group in sorted(os.listdir(FIXTURES)):
        gdir = os.path.join(FIXTURES, group)
        if not os.path.isdir(gdir) or group == "fix":
            continue
        for name in sorted(os.listdir(gdir)):
            path = os.path.join(gdir, name)
            if name.endswith(".py") or (os.path.isdir(path) and not name.startswith(".")):
                stem = name[:-3] if name.endswith(".py") else name
                if only in "%s/%s" % (group, stem):
                    cases.append((group, stem, path))
    if not cases:
        print("no fixture cases found under %s" % FIXTURES)
        return 1
    failed = 0
    for group, stem, path in cases:
        base = os.path.join(os.path.dirname(path), stem)
        args = []
        if os.path.exists(base + ".args"):
            args = shlex.split(open(base + ".args").read())
        actual = run_case(path, args)
        expected_path = base + ".expected"
        if update:
            with open(expected_path, "w") as f:
                f.write(actual)
            continue
        if not os.path.exists(expected_path):
            print("FAIL %s/%s: missing %s" % (group, stem, expected_path))
            failed += 1
            continue
        expected = open(expected_path).read()
        if actual != expected:
            failed += 1
            print("FAIL %s/%s" % (group, stem))
            sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                       "expected", "actual"))
        else:
            print("ok   %s/%s" % (group, stem))
    print("%d cases, %d failed" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
