#!/usr/bin/env python3
"""Bad input (SPEC 7): authlint must never crash, hang or lose data, whatever
it is given. Each case builds a small project in a fresh temporary directory,
runs `$AUTHLINT check --no-cache ...` there under a timeout and asserts the
exact outcome: exit code, findings (rule, path, line, column from the JSON
report, or the text lines) and the warnings on stderr. A run killed by a
signal, a sanitizer report or a timeout fails the case.

Cases that need a non-root user (chmod 000 denies nothing to root) say so
and are skipped when running as root; where something else can simulate them
(a file whose read fails with EIO: a symlink to /proc/self/mem) that is
tested for every user. Prints "N passed, N failed" last; exits 1 on a
failure. Environment: AUTHLINT (the binary), AUTHLINT_SOURCE_ROOT.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import traceback

AUTHLINT = os.environ["AUTHLINT"]
IS_ROOT = os.geteuid() == 0

HEADER = (b"from rest_framework.views import APIView\n"
          b"from openedx.core.lib.api.authentication import BearerAuthentication\n"
          b"\n"
          b"\n")
BEARER_VIEW = (b"class V(APIView):\n"
               b"    authentication_classes = (BearerAuthentication,)\n")
JWT_IMPORT = b"from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication\n"
AUTH001 = ("JwtAuthentication is missing from (BearerAuthentication); add it first (OEP-0042) "
           "(endpoint {m}.V)")
AUTH003 = "BearerAuthentication is deprecated (OEP-0042); remove it from authentication_classes (endpoint {m}.V)"
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer")


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def expect_eq(actual, expected, what):
    if actual != expected:
        raise Failure("%s:\n  expected %r\n  actual   %r" % (what, expected, actual))


class Result:
    def __init__(self, rc, out, err, seconds):
        self.rc, self.out, self.err, self.seconds = rc, out, err, seconds

    def warnings(self):
        """The stderr warning lines, sorted (directory walk order is the file
        system's)."""
        return sorted(line for line in self.err.splitlines() if line.startswith("authlint: warning: "))

    def json(self):
        try:
            return json.loads(self.out)
        except ValueError as e:
            raise Failure("stdout is not JSON (%s): %r" % (e, self.out[:300]))

    def findings(self):
        """[(rule, path, line, column)] of the JSON report, in report order."""
        return [(f["rule"], f["path"], f["line"], f["column"]) for f in self.json()["findings"]]


def run(cwd, *args, command="check", timeout=60):
    """Runs authlint in cwd; fails on a signal, a timeout or a sanitizer
    report."""
    argv = [AUTHLINT, command, "--no-cache", "--color", "never"] + list(args)
    start = time.monotonic()
    try:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Failure("%s: no answer after %d s (hang)" % (" ".join(argv[1:]), timeout))
    seconds = time.monotonic() - start
    out = p.stdout.decode("utf-8", "surrogateescape")
    err = p.stderr.decode("utf-8", "surrogateescape")
    if p.returncode < 0:
        raise Failure("%s: killed by signal %d\n%s" % (" ".join(argv[1:]), -p.returncode, err[-2000:]))
    for marker in SANITIZER_MARKERS:
        if marker in err:
            raise Failure("%s: sanitizer report:\n%s" % (" ".join(argv[1:]), err[-3000:]))
    return Result(p.returncode, out, err, seconds)


def write(root, rel, data, mode=None):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path) or root, exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if mode is not None:
        os.chmod(path, mode)
    return path


def bearer_findings(path, line, col=31):
    """AUTH001 and AUTH003 of BEARER_VIEW whose declaration is on `line`."""
    return [("AUTH001", path, line, 5), ("AUTH003", path, line, col)]


def snapshot(root):
    """{relpath: (bytes or None for a directory/link, mode, mtime_ns)} of the tree."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            data = None
            if stat.S_ISREG(st.st_mode) and st.st_mode & 0o444:
                with open(path, "rb") as f:
                    data = f.read()
            out[os.path.relpath(path, root)] = (data, st.st_mode, st.st_mtime_ns)
    return out


CASES = []
SKIPPED = []


def case(fn):
    CASES.append(fn)
    return fn


def skip(reason):
    raise SkipCase(reason)


class SkipCase(Exception):
    pass


# ---- syntax ----------------------------------------------------------------


@case
def syntax_error_keeps_the_class(d):
    write(d, "views.py", b"from rest_framework.views import APIView\n\n"
          b"class StatusView(APIView):\n    def get(self, request:\n        return None\n\n\n"
          b"class OtherView(APIView):\n    pass\n")
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH001", "views.py", 3, 1), ("AUTH000", "views.py", 4, 5),
                             ("AUTH001", "views.py", 8, 1)], "findings")
    expect_eq([e["name"] for e in r.json()["endpoints"]], ["views.StatusView", "views.OtherView"], "endpoints")


@case
def syntax_error_alone_is_a_note(d):
    write(d, "views.py", HEADER + JWT_IMPORT + b"def broken(:\n    pass\n\n\nclass V(APIView):\n"
          b"    authentication_classes = (JwtAuthentication,)\n")
    r = run(d, ".")
    expect_eq(r.rc, 0, "exit code (a note does not fail)")
    expect_eq(r.out, "views.py:6:12: AUTH000 syntax error: invalid syntax; analysis continues on what parsed\n"
              "Found 1 finding (0 errors, 0 warnings, 1 note) in 1 file, 1 endpoint.\n", "stdout")
    expect_eq(run(d, "--fail-on", "note", ".").rc, 1, "exit code with --fail-on note")


@case
def python2_file(d):
    # tree-sitter's grammar accepts Python 2 statements: the file is analysed
    # like any other, without AUTH000.
    write(d, "legacy.py", HEADER + b'print "hello %s" % x,\nexec "y = 1"\nz = `y`\nif 1 <> 2:\n    pass\n'
          b"try:\n    pass\nexcept Exception, e:\n    raise ValueError, 'x'\n\n\ndef f((a, b)):\n    return 0777L\n"
          b"\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), bearer_findings("legacy.py", 21), "findings")


# ---- bytes -----------------------------------------------------------------


@case
def nul_bytes(d):
    write(d, "nul.py", HEADER + b"x = 1\x00\x00\ny = 2\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH000", "nul.py", 5, 5)] + bearer_findings("nul.py", 10), "findings")


@case
def nul_byte_inside_the_declaration(d):
    write(d, "nul.py", HEADER + b"class V(APIView):\n    authentication_classes = (Bearer\x00Authentication,)\n")
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH001", "nul.py", 6, 5), ("AUTH006", "nul.py", 6, 5), ("AUTH000", "nul.py", 6, 31)],
              "findings")


@case
def binary_content_named_py(d):
    write(d, "blob.py", bytes((i * 7919 + 13) % 256 for i in range(65536)))
    r = run(d, ".")
    expect_eq((r.rc, r.out, r.err), (0, "All checks passed: 1 file, 0 endpoints.\n", ""), "outcome")


@case
def binary_content_inside_a_view_module(d):
    write(d, "views.py", HEADER + bytes((i * 7919 + 13) % 256 for i in range(4096)) + b"\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH000", "views.py", 5, 2)] + bearer_findings("views.py", 25), "findings")


@case
def invalid_utf8_in_comment_and_string(d):
    write(d, "views.py", HEADER + b"# caf\xe9\nNAME = '\xe9t\xe9'\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), bearer_findings("views.py", 10), "findings")


@case
def invalid_utf8_in_an_identifier(d):
    write(d, "views.py", HEADER + b"class V\xe9(APIView):\n    authentication_classes = (BearerAuthentication,)\n")
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH000", "views.py", 5, 8)] + bearer_findings("views.py", 6), "findings")


@case
def invalid_utf8_file_name_and_class_name(d):
    # JSON must stay valid UTF-8 (U+FFFD) without losing the path, the
    # message, the endpoint or the baseline entry.
    write(d, b"v\xffname.py".decode("utf-8", "surrogateescape"),
          HEADER + b"class V(APIView):\n    authentication_classes = (BearerAuthentication, 'a.\xe9B')\n")
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    doc = r.json()
    path = "v\ufffdname.py"
    expect_eq(r.findings(), [("AUTH001", path, 6, 5), ("AUTH006", path, 6, 5), ("AUTH003", path, 6, 31)], "findings")
    expect(all(f.get("message") for f in doc["findings"]), "every finding has its message")
    expect_eq([e.get("name") for e in doc["endpoints"]], ["v\ufffdname.V"], "endpoint names")
    expect_eq([c["name"] for c in doc["endpoints"][0]["classes"]],
              ["openedx.core.lib.api.authentication.BearerAuthentication", "a.\ufffdB"], "class names")
    sarif = json.loads(run(d, "--format", "sarif", ".").out)
    expect_eq(len(sarif["runs"][0]["results"]), 3, "SARIF results")
    expect_eq(run(d, "--write-baseline", "baseline.json", ".").rc, 0, "--write-baseline exit code")
    with open(os.path.join(d, "baseline.json"), encoding="utf-8") as f:
        expect_eq(len(json.load(f)["findings"]), 3, "baseline entries")
    r = run(d, "--baseline", "baseline.json", ".")
    expect_eq(r.rc, 0, "exit code with the baseline (every finding recorded)")


@case
def byte_order_mark(d):
    write(d, "views.py", b"\xef\xbb\xbf" + HEADER + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings (the BOM changes nothing)")


@case
def crlf_line_endings(d):
    write(d, "views.py", (HEADER + BEARER_VIEW).replace(b"\n", b"\r\n"))
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings (same as with LF)")


@case
def tabs(d):
    write(d, "views.py", HEADER + b"class V(APIView):\n\tauthentication_classes = (\tBearerAuthentication,)\n")
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    # Columns are 1-based byte offsets: a tab is one column.
    expect_eq(r.findings(), [("AUTH001", "views.py", 6, 2), ("AUTH003", "views.py", 6, 29)], "findings")


@case
def line_of_10000_characters(d):
    write(d, "views.py", HEADER + b"X = '" + b"a" * 10000 + b"'\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq((r.rc, r.findings()), (1, bearer_findings("views.py", 9)), "outcome")


@case
def declaration_on_a_10000_character_line(d):
    write(d, "views.py", HEADER + b"class V(APIView):\n    authentication_classes = (" + b" " * 10000
          + b"BearerAuthentication,)\n")
    r = run(d, "--format", "json", ".")
    expect_eq((r.rc, r.findings()), (1, bearer_findings("views.py", 6, col=10031)), "outcome")


# ---- nesting and size ------------------------------------------------------


@case
def parentheses_5000_deep(d):
    write(d, "views.py", HEADER + b"x = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq((r.rc, r.findings()), (1, bearer_findings("views.py", 9)), "outcome")


@case
def declaration_nested_5000_deep(d):
    write(d, "views.py", HEADER + b"class V(APIView):\n    authentication_classes = " + b"[" * 5000
          + b"BearerAuthentication" + b"]" * 5000 + b"\n")
    r = run(d, "--format", "json", ".")
    expect_eq((r.rc, r.findings()), (1, [("AUTH001", "views.py", 6, 5), ("AUTH006", "views.py", 6, 5)]), "outcome")


@case
def calls_and_attributes_deep(d):
    write(d, "views.py", HEADER + b"y = " + b"f(" * 5000 + b")" * 5000 + b"\nz = a" + b".b" * 20000 + b"\n"
          + b"w = " + b"-" * 5000 + b"1\nv = " + b"+".join([b"a"] * 5000) + b"\n\n\n" + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq((r.rc, r.findings()), (1, bearer_findings("views.py", 12)), "outcome")


@case
def indentation_1000_deep(d):
    body = b"".join(b"    " * i + b"if x:\n" for i in range(1000)) + b"    " * 1000 + b"pass\n"
    write(d, "views.py", HEADER + body + BEARER_VIEW)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    # Deeper than tree-sitter's indent stack: a syntax note, the view after
    # the block is still found.
    expect_eq(r.findings(), [("AUTH000", "views.py", 1, 1)] + bearer_findings("views.py", 1007), "findings")


@case
def file_of_50_megabytes(d):
    line = b"value_%d = {'key': [1, 2, 3], 'name': 'a string value'}  # filler\n"
    chunks, size, n = [HEADER], len(HEADER), 0
    while size < 50 * 1024 * 1024:
        s = line % n
        chunks.append(s)
        size += len(s)
        n += 1
    chunks.append(b"\n\n" + BEARER_VIEW)
    write(d, "big.py", b"".join(chunks))
    r = run(d, "--format", "json", ".", timeout=300)
    last = 4 + n + 4
    expect_eq((r.rc, r.findings()), (1, bearer_findings("big.py", last)), "outcome")
    print("    (50 MB file: %.1f s)" % r.seconds)


@case
def empty_files(d):
    write(d, "app/__init__.py", b"")
    write(d, "app/views.py", b"")
    write(d, "app/blank.py", b"\n\n   \n\t\n")
    write(d, "app/comment.py", b"# nothing but a comment, no newline")
    r = run(d, ".")
    expect_eq((r.rc, r.out, r.err), (0, "All checks passed: 4 files, 0 endpoints.\n", ""), "outcome")


# ---- files that cannot be read -----------------------------------------------


@case
def file_whose_read_fails(d):
    # Works for root too: /proc/self/mem is a regular file whose read at
    # offset 0 fails with EIO.
    write(d, "views.py", HEADER + BEARER_VIEW)
    os.symlink("/proc/self/mem", os.path.join(d, "mem.py"))
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.warnings(), ["authlint: warning: mem.py: cannot read: Input/output error; skipped"], "warnings")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings of the readable file")


@case
def unreadable_file(d):
    if IS_ROOT:
        skip("root reads a chmod 000 file (file_whose_read_fails covers the read error)")
    write(d, "views.py", HEADER + BEARER_VIEW)
    write(d, "secret.py", HEADER + BEARER_VIEW, mode=0)
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.warnings(), ["authlint: warning: secret.py: cannot read: Permission denied; skipped"], "warnings")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings of the readable file")


@case
def unreadable_directory(d):
    if IS_ROOT:
        skip("root opens a chmod 000 directory, and nothing else makes opendir fail for root")
    write(d, "views.py", HEADER + BEARER_VIEW)
    write(d, "locked/inner.py", HEADER + BEARER_VIEW)
    os.chmod(os.path.join(d, "locked"), 0)
    try:
        r = run(d, "--format", "json", ".")
    finally:
        os.chmod(os.path.join(d, "locked"), 0o755)
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.warnings(), ["authlint: warning: %s/locked: cannot open directory: Permission denied; skipped"
                             % os.path.realpath(d)], "warnings")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings")


@case
def broken_symlinks(d):
    real = os.path.realpath(d)
    write(d, "views.py", HEADER + BEARER_VIEW)
    os.symlink("missing.py", os.path.join(d, "ghost.py"))
    os.symlink("/nonexistent/dir", os.path.join(d, "gone"))  # not .py, not followed: silent
    r = run(d, "--format", "json", ".")
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.warnings(), ["authlint: warning: %s/ghost.py: broken symbolic link; skipped" % real], "warnings")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings")
    # Named on the command line (pre-commit passes a deleted file's name).
    r = run(d, "--format", "json", "ghost.py", "views.py")
    expect_eq(r.rc, 1, "exit code, named")
    # Once as named, once by the walk of the root (for name resolution).
    expect_eq(r.warnings(), ["authlint: warning: %s/ghost.py: broken symbolic link; skipped" % real,
                             "authlint: warning: ghost.py: broken symbolic link; skipped"], "warnings, named")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings, named")


@case
def symlink_loops(d):
    real = os.path.realpath(d)
    write(d, "views.py", HEADER + BEARER_VIEW)
    os.symlink("b.py", os.path.join(d, "a.py"))
    os.symlink("a.py", os.path.join(d, "b.py"))
    os.symlink("self.py", os.path.join(d, "self.py"))
    os.makedirs(os.path.join(d, "sub"))
    os.symlink("..", os.path.join(d, "sub", "up"))        # directory loop
    os.symlink("..", os.path.join(d, "sub", "up.py"))     # directory loop named like a module
    os.symlink(".", os.path.join(d, "here"))
    r = run(d, "--format", "json", ".", timeout=30)
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.warnings(), sorted("authlint: warning: %s/%s: broken symbolic link; skipped" % (real, n)
                                   for n in ("a.py", "b.py", "self.py")), "warnings (directory links are not followed)")
    expect_eq(r.findings(), bearer_findings("views.py", 6), "findings (views.py once)")
    expect_eq(r.json()["summary"]["files"], 1, "files")


@case
def fifo_and_directory_named_py(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    os.mkfifo(os.path.join(d, "pipe.py"))  # opening it would block: never opened
    write(d, "pkg.py/inner.py", HEADER + BEARER_VIEW)
    r = run(d, "--format", "json", ".", timeout=30)
    expect_eq((r.rc, r.warnings()), (1, []), "exit code and warnings (a FIFO in a tree is not Python)")
    # The directory is walked; "pkg.py" is no package name, so it can only be
    # a sys.path entry and pkg.py/inner.py is the module "inner" (docs/model.md).
    expect_eq(r.findings(), bearer_findings("pkg.py/inner.py", 6) + bearer_findings("views.py", 6), "findings")
    expect_eq(r.json()["summary"]["files"], 2, "files (views.py and pkg.py/inner.py)")
    r = run(d, "pipe.py", "views.py", timeout=30)
    expect_eq(r.warnings(), ["authlint: warning: pipe.py: not a regular file or directory; skipped"], "named FIFO")
    expect_eq(r.rc, 1, "exit code, named FIFO")


@case
def path_given_twice(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    for args in (["views.py", "views.py"], ["views.py", "./views.py", os.path.join(d, "views.py")], [".", "views.py"],
                 [".", "."]):
        r = run(d, "--format", "json", *args)
        expect_eq((r.rc, r.findings(), r.json()["summary"]["files"]), (1, bearer_findings("views.py", 6), 1),
                  "outcome for %s" % " ".join(args))


# ---- cycles ----------------------------------------------------------------


@case
def cyclic_imports_and_class_bases(d):
    write(d, "app/__init__.py", b"")
    write(d, "app/a.py", b"from rest_framework.views import APIView\nfrom app.b import B, AUTH_B\n"
          b"from openedx.core.lib.api.authentication import BearerAuthentication\n\nAUTH_A = AUTH_B\n\n\n"
          b"class A(B):\n    pass\n\n\nclass ViewA(APIView):\n    authentication_classes = AUTH_A\n")
    write(d, "app/b.py", b"from rest_framework.views import APIView\nfrom app.a import A, AUTH_A\n"
          b"from app import b as me\n\nAUTH_B = AUTH_A\n\n\nclass B(A, APIView):\n    pass\n\n\n"
          b"class C(me.C):\n    pass\n")
    r = run(d, "--format", "json", ".", timeout=30)
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH001", "app/a.py", 8, 1), ("AUTH006", "app/a.py", 13, 5),
                             ("AUTH001", "app/b.py", 8, 1)], "findings")
    msg = [f["message"] for f in r.json()["findings"] if f["rule"] == "AUTH006"]
    expect_eq(msg, ["authentication classes cannot be resolved statically: AUTH_A refers to itself "
                    "(endpoint app.a.ViewA)"], "AUTH006 message")


@case
def class_inheriting_from_itself(d):
    write(d, "views.py", HEADER + b"class Self(Self):\n    authentication_classes = (BearerAuthentication,)\n\n\n"
          b"class SelfView(SelfView, APIView):\n    pass\n")
    r = run(d, "--format", "json", ".", timeout=30)
    expect_eq(r.rc, 1, "exit code")
    expect_eq(r.findings(), [("AUTH003", "views.py", 6, 31), ("AUTH001", "views.py", 9, 1)], "findings")


# ---- config and rule packs ---------------------------------------------------


def config_error(d, text, expected, *args):
    write(d, ".authlint.json", text)
    write(d, "views.py", HEADER + BEARER_VIEW)
    r = run(d, *args, "views.py")
    expect_eq((r.rc, r.out, r.err), (2, "", "authlint: error: " + expected + "\n"), "outcome")


@case
def config_truncated(d):
    config_error(d, b'{"select": ["AUTH001",', ".authlint.json:1:22: invalid JSON: ']' expected near end of file")


@case
def config_empty(d):
    config_error(d, b"", ".authlint.json:1:1: invalid JSON: '[' or '{' expected near end of file")


@case
def config_malformed(d):
    config_error(d, b'{\n  "select": ["AUTH001"]\n  "ignore": []\n}\n',
                 ".authlint.json:3:10: invalid JSON: '}' expected near '\"ignore\"'")


@case
def config_binary(d):
    config_error(d, b"\xff\xfe{}", ".authlint.json:1:1: invalid JSON: unable to decode byte 0xff")


@case
def config_nul_byte(d):
    config_error(d, b'{\n  "select": ["AUTH001"\x00]}', ".authlint.json:2:23: not a JSON document: contains a NUL byte")


@case
def config_nested_5000_deep(d):
    config_error(d, b'{"exclude": ' + b"[" * 5000 + b"]" * 5000 + b"}",
                 ".authlint.json:1:2060: invalid JSON: maximum parsing depth reached near '['")


@case
def config_wrong_types(d):
    config_error(d, b'{"exclude": "x"}', '.authlint.json:1:13: "exclude" must be a list of strings')
    config_error(d, b'{\n "include_tests": "yes"}', '.authlint.json:2:19: "include_tests" must be true or false')
    config_error(d, b'{"bogus": 1}', '.authlint.json:1:2: unknown key "bogus" in the configuration')
    config_error(d, b"[]", ".authlint.json:1:1: expected a JSON object at the top level")


@case
def config_unknown_rule_ids(d):
    config_error(d, b'{"select": ["AUTH999"]}', '.authlint.json:1:13: unknown rule id "AUTH999" in "select"')
    config_error(d, b'{"ignore": ["AUTH001", "E501"]}', '.authlint.json:1:24: unknown rule id "E501" in "ignore"')
    config_error(d, b'{"severity": {"AUTH042": "error"}}',
                 '.authlint.json:1:15: unknown rule id "AUTH042" in "severity"')
    config_error(d, b'{"severity": {"AUTH001": "fatal"}}',
                 '.authlint.json:1:26: unknown level "fatal" (expected error, warning or note)')
    os.remove(os.path.join(d, ".authlint.json"))
    r = run(d, "--select", "AUTH001,BOGUS", "views.py")
    expect_eq((r.rc, r.out, r.err), (2, "", 'authlint: error: unknown rule "BOGUS" in --select (see `authlint rules`)\n'),
              "--select with an unknown id")


@case
def rule_pack_truncated_and_malformed(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    write(d, "pack.json", b'{"catalog": [')
    r = run(d, "--rules", "pack.json", "views.py")
    expect_eq((r.rc, r.out, r.err), (2, "", "authlint: error: pack.json:1:13: invalid JSON: ']' expected near end "
                                            "of file\n"), "truncated pack")
    write(d, "pack.json", b'{"name": "x",\n "catalog": [\n  {"fqn": "a.B", "kind": "jwt", "extra": 1}]}')
    r = run(d, "--rules", "pack.json", "views.py")
    expect_eq((r.rc, r.err), (2, 'authlint: error: pack.json:3:33: unknown key "extra" in a catalog entry\n'),
              "unknown key in a pack")
    write(d, "pack.json", b'{"catalog": [{"fqn": "a.B", "kind": "nope"}]}')
    r = run(d, "--rules", "pack.json", "views.py")
    expect_eq((r.rc, r.err), (2, 'authlint: error: pack.json:1:37: unknown kind "nope" (expected jwt, session, '
                                 'bearer, basic, token, oauth2, remote or other)\n'), "unknown kind in a pack")
    write(d, "pack.json", b'{"catalog": [\x00]}')
    r = run(d, "--rules", "pack.json", "views.py")
    expect_eq((r.rc, r.err), (2, "authlint: error: pack.json:1:14: not a JSON document: contains a NUL byte\n"),
              "NUL byte in a pack")


@case
def config_naming_a_broken_pack(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    write(d, ".authlint.json", b'{"rules": "missing.json"}')
    r = run(d, "views.py")
    expect_eq((r.rc, r.err), (2, 'authlint: error: .authlint.json:1:11: "rules": cannot read: No such file or '
                                 'directory\n'), "missing pack")
    write(d, ".authlint.json", b'{"rules": "pack.json"}')
    write(d, "pack.json", b'{"catalog": [')
    r = run(d, "views.py")
    expect_eq((r.rc, r.err), (2, "authlint: error: %s/pack.json:1:13: invalid JSON: ']' expected near end of "
                                 "file\n" % os.path.realpath(d)), "truncated pack named by the config")


@case
def config_that_is_a_directory(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    os.makedirs(os.path.join(d, "conf"))
    r = run(d, "--config", "conf", "views.py")
    expect_eq((r.rc, r.out), (2, ""), "exit code and stdout")
    expect(r.err.startswith("authlint: error: conf: cannot read"), "stderr: %r" % r.err)


# ---- writing ---------------------------------------------------------------


FIXABLE = HEADER.replace(b"\n\n\n", b"") + b"\n" + JWT_IMPORT + b"\n\n" + \
    b"class V(APIView):\n    authentication_classes = (JwtAuthentication, BearerAuthentication)\n"


@case
def check_never_writes(d):
    write(d, "views.py", HEADER + BEARER_VIEW, mode=0o640)
    write(d, "bad.py", HEADER + b"class X(:\n")
    write(d, "bin.py", b"\x00\xff\xfe")
    before = snapshot(d)
    time.sleep(0.01)
    for args in (["."], ["--format", "sarif", "."], ["--diff", "."]):
        run(d, *args)
    run(d, "--format", "json", ".", command="audit")
    expect_eq(snapshot(d), before, "the tree after check, --diff and audit")


@case
def fix_is_atomic_and_keeps_the_mode(d):
    path = write(d, "views.py", FIXABLE, mode=0o640)
    inode = os.stat(path).st_ino
    r = run(d, "--fix", ".")
    expect_eq((r.rc, r.out, r.err), (0, "All checks passed: 1 file, 1 endpoint.\n",
                                     "authlint: fixed 1 declaration in 1 file\n"), "outcome")
    st = os.stat(path)
    expect_eq(stat.S_IMODE(st.st_mode), 0o640, "mode")
    expect(st.st_ino != inode, "the file is replaced by rename (new inode), not rewritten in place")
    expect_eq(sorted(os.listdir(d)), ["views.py"], "no temporary file left behind")
    with open(path, "rb") as f:
        text = f.read()
    expect(b"BearerAuthentication" not in text and b"(JwtAuthentication,)" in text, "fixed text: %r" % text)
    compile(text, path, "exec")  # the result still parses
    r = run(d, "--diff", ".")
    expect_eq((r.rc, r.out), (0, ""), "a second fix changes nothing")


@case
def fix_leaves_a_read_only_file(d):
    # authlint honours the mode bits even for root, whom the kernel lets write.
    path = write(d, "views.py", FIXABLE, mode=0o444)
    r = run(d, "--fix", ".")
    expect_eq((r.rc, r.err), (2, "authlint: warning: views.py: cannot write (read-only file); not fixed\n"
                                 "authlint: fixed 0 declarations in 0 files\n"), "outcome")
    with open(path, "rb") as f:
        expect_eq(f.read(), FIXABLE, "content")
    expect_eq(stat.S_IMODE(os.stat(path).st_mode), 0o444, "mode")


@case
def fix_leaves_a_read_only_directory(d):
    path = write(d, "app/views.py", FIXABLE, mode=0o644)
    os.chmod(os.path.join(d, "app"), 0o555)
    try:
        r = run(d, "--fix", ".")
        listing = sorted(os.listdir(os.path.join(d, "app")))
    finally:
        os.chmod(os.path.join(d, "app"), 0o755)
    expect_eq((r.rc, r.err), (2, "authlint: warning: app/views.py: cannot write (read-only directory); not fixed\n"
                                 "authlint: fixed 0 declarations in 0 files\n"), "outcome")
    with open(path, "rb") as f:
        expect_eq(f.read(), FIXABLE, "content")
    expect_eq(listing, ["views.py"], "nothing added to the directory")


@case
def output_into_a_missing_directory(d):
    write(d, "views.py", HEADER + BEARER_VIEW)
    r = run(d, "--format", "json", "--output", "no/such/dir/report.json", ".")
    expect_eq((r.rc, r.out), (2, ""), "exit code and stdout")
    expect(r.err.startswith("authlint: error: no/such/dir/report.json") and "No such file or directory" in r.err,
           "stderr: %r" % r.err)
    expect_eq(sorted(os.listdir(d)), ["views.py"], "nothing written")


def main():
    passed = failed = 0
    for fn in CASES:
        d = tempfile.mkdtemp(prefix="authlint-bad-input-")
        try:
            fn(d)
            passed += 1
            print("ok   %s" % fn.__name__)
        except SkipCase as e:
            SKIPPED.append((fn.__name__, str(e)))
            print("skip %s: %s" % (fn.__name__, e))
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (fn.__name__, e))
        except Exception:
            failed += 1
            print("FAIL %s: unexpected error\n%s" % (fn.__name__, traceback.format_exc()))
        finally:
            for dirpath, dirnames, _ in os.walk(d):
                for name in dirnames:
                    p = os.path.join(dirpath, name)
                    if not os.path.islink(p):
                        os.chmod(p, 0o755)
            subprocess.run(["rm", "-rf", d])
    if SKIPPED:
        print("%d skipped (%s)" % (len(SKIPPED), "; ".join("%s: %s" % s for s in SKIPPED)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
