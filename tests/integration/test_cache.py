#!/usr/bin/env python3
"""The facts cache and the stat index (.authlint_cache/) never change results.

- an edited file (same size, new mtime) is re-read;
- a corrupt index and corrupt cache entries are ignored, not trusted;
- two runs at the same time both give the right answer;
- --no-cache writes nothing.
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

AUTHLINT = os.environ["AUTHLINT"]

VIEW = """from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import BearerAuthentication
from rest_framework.views import APIView


class GradesView(APIView):
    authentication_classes = (JwtAuthentication, %s)
"""
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(root, *args):
    r = subprocess.run([AUTHLINT, "check", "--format", "json", "--fail-on", "never", "--root", root] + list(args)
                       + [root], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def rules(out):
    import json
    return sorted(f["rule"] for f in json.loads(out)["findings"])


def age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


def main():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "app"))
        open(os.path.join(root, "app", "__init__.py"), "w").close()
        view = os.path.join(root, "app", "views.py")
        with open(view, "w") as f:
            f.write(VIEW % "BearerAuthentication")
        for p in glob.glob(os.path.join(root, "app", "*")):
            age(p, 3600)
        rc, out, err = run(root)
        check(rc == 0 and rules(out) == ["AUTH003"], "first run finds AUTH003")
        check(os.path.exists(os.path.join(root, ".authlint_cache", "index")), "the stat index is written")
        # Same size, different content: "BearerAuthentication" -> "JwtAuthenticatio_" keeps the length.
        with open(view, "w") as f:
            f.write((VIEW % "BearerAuthentication").replace("JwtAuthentication, BearerAuthentication",
                                                             "JwtAuthentication, Bearer_Authenticatio"))
        age(view, 1800)
        rc, out, err = run(root)
        check(rc == 0 and "AUTH003" not in rules(out), "an edited file of the same size is re-read")
        # Corrupt every cache file (index and facts entries).
        for p in glob.glob(os.path.join(root, ".authlint_cache", "**", "*"), recursive=True):
            if os.path.isfile(p) and not p.endswith(".gitignore"):
                with open(p, "r+b") as f:
                    data = f.read()
                    f.seek(0)
                    f.write(bytes(b ^ 0x5A for b in data[:64]) + data[64:])
        rc, out, err = run(root)
        check(rc == 0 and "AUTH003" not in rules(out) and "AUTH006" in rules(out),
              "corrupt index and entries are ignored (%s)" % (rules(out) if rc == 0 else err.strip()))
        # Truncated index.
        idx = os.path.join(root, ".authlint_cache", "index")
        if os.path.exists(idx):
            with open(idx, "r+b") as f:
                f.truncate(30)
        with open(view, "w") as f:
            f.write(VIEW % "BearerAuthentication")
        age(view, 900)
        rc, out, err = run(root)
        check(rc == 0 and rules(out) == ["AUTH003"], "a truncated index is ignored")
        # Concurrent runs on a cold cache.
        subprocess.run(["rm", "-rf", os.path.join(root, ".authlint_cache")])
        procs = [subprocess.Popen([AUTHLINT, "check", "--format", "json", "--fail-on", "never", "--root", root,
                                   root], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
        check(all(r[2] == 0 and rules(r[0]) == ["AUTH003"] for r in results), "4 concurrent runs agree")
        rc, out, err = run(root)
        check(rc == 0 and rules(out) == ["AUTH003"], "the cache written concurrently is sound")
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "v.py"), "w") as f:
            f.write(VIEW % "BearerAuthentication")
        rc, out, err = run(root, "--no-cache")
        check(rc == 0 and not os.path.exists(os.path.join(root, ".authlint_cache")), "--no-cache writes nothing")
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
