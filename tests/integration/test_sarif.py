#!/usr/bin/env python3
"""SARIF driver: `check --format sarif` on every example project and every
fixture case, validated by the real SARIF validator and checked for what
GitHub code scanning relies on.

Each case runs (options first: getopt stops at the first path)

    authlint check --no-cache --format sarif --fail-on never [ARGS]
             --root DIR --output CASE.sarif DIR

in DIR (an examples/<name>/ project in place, or a fixture case copied into a
temporary project as tests/integration/test_fixtures.py does; ARGS from its
<case>.args). The example projects also run with --category,
--include-suppressed and --baseline, and a generated project with spaces,
'%' and non-ASCII bytes in its paths and an inline suppression.

Every SARIF file then goes through the pinned validator,

    Sarif.Multitool validate --rule-kind "Gh;Sarif" --level "Error;Warning"
        --config tests/tools/sarif-validate.xml

(tests/tools/package.json: @microsoft/sarif-multitool; install it with
`npm ci --prefix tests/tools`), and any error or warning in its log fails the
test. Result-less logs that differ only in their root are validated once, and
a canary log the validator must reject proves it is checking. A missing
validator is a failure, not a skip. Python then checks the
structure: ruleIndex matches ruleId, URIs are relative to %SRCROOT% and name
the file, primaryLocationLineHash is present and equals GitHub's value
(fingerprints.ts, ported below), results match `--format json`, and the
output is the same whatever --jobs.
"""
import array
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

AUTHLINT = os.environ["AUTHLINT"]
SOURCE_ROOT = os.environ["AUTHLINT_SOURCE_ROOT"]
TOOLS = os.path.join(SOURCE_ROOT, "tests", "tools")
FIXTURES = os.path.join(SOURCE_ROOT, "tests", "fixtures")
EXAMPLES = os.path.join(SOURCE_ROOT, "examples")
VALIDATOR_PACKAGE = "@microsoft/sarif-multitool"
VALIDATOR_VERSION = "5.7.0"
VALIDATOR_CONFIG = os.path.join(TOOLS, "sarif-validate.xml")
RULE_IDS = ["AUTH%03d" % i for i in range(9)]
CATEGORY = "ci/authlint"


def fail_setup(msg):
    print("FAIL setup: " + msg)
    print("0 passed, 1 failed")
    sys.exit(1)


def find_validator():
    """The platform binary of the pinned multitool, or exits with a message.
    The package's bin.js runs it through a shell, which would split the
    ';' of --rule-kind, so it is called directly."""
    hint = "install it with `npm ci --prefix %s` (needs node and npm)" % os.path.relpath(TOOLS, SOURCE_ROOT)
    pkg_json = os.path.join(TOOLS, "node_modules", VALIDATOR_PACKAGE, "package.json")
    if not os.path.exists(pkg_json):
        fail_setup("the SARIF validator %s is not installed; %s" % (VALIDATOR_PACKAGE, hint))
    version = json.load(open(pkg_json)).get("version")
    if version != VALIDATOR_VERSION:
        fail_setup("%s %s is installed, %s is pinned; %s" % (VALIDATOR_PACKAGE, version, VALIDATOR_VERSION, hint))
    node = shutil.which("node")
    if not node:
        fail_setup("node is not on PATH; it is needed to locate the SARIF validator binary")
    res = subprocess.run([node, "-p", "require(%s)" % json.dumps(VALIDATOR_PACKAGE)], cwd=TOOLS,
                         capture_output=True, text=True, timeout=60)
    path = res.stdout.strip()
    if res.returncode != 0 or not path or not os.access(path, os.X_OK):
        fail_setup("the platform binary of %s is missing or not executable (%s); %s"
                   % (VALIDATOR_PACKAGE, (res.stderr.strip() or path or "not found"), hint))
    return path


# --- GitHub's primaryLocationLineHash (codeql-action src/fingerprints.ts) ---

MASK = (1 << 64) - 1
BLOCK_SIZE = 100


def line_hashes(data):
    """Hashes of every line, as the upload action computes them: UTF-8 decoded
    with U+FFFD replacement (as Node does), hashed per UTF-16 code unit."""
    units = array.array("H", data.decode("utf-8", "replace").encode("utf-16-le"))
    if sys.byteorder == "big":
        units.byteswap()
    first_mod = pow(37, BLOCK_SIZE, 1 << 64)
    window = [0] * BLOCK_SIZE
    line_at = [0] * BLOCK_SIZE
    st = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    raw = []

    def update(c):
        i = st["index"]
        begin = window[i]
        window[i] = c
        st["hash"] = (37 * st["hash"] + c - first_mod * begin) & MASK
        st["index"] = (i + 1) % BLOCK_SIZE

    def output():
        raw.append(st["hash"])
        line_at[st["index"]] = 0

    def process(c):
        if c in (32, 9) or (st["prev_cr"] and c == 10):
            st["prev_cr"] = False
            return
        if c == 13:
            c = 10
            st["prev_cr"] = True
        else:
            st["prev_cr"] = False
        if line_at[st["index"]]:
            output()
        if st["line_start"]:
            st["line_start"] = False
            st["line"] += 1
            line_at[st["index"]] = st["line"]
        if c == 10:
            st["line_start"] = True
        update(c)

    for u in units:
        process(u)
    process(65535)
    for _ in range(BLOCK_SIZE):
        if line_at[st["index"]]:
            output()
        update(0)
    counts = {}
    out = []
    for h in raw:
        key = "%x" % h
        counts[key] = counts.get(key, 0) + 1
        out.append("%s:%d" % (key, counts[key]))
    return out


# --- running authlint ---

def run_authlint(root, args, fmt, output=None):
    cmd = [AUTHLINT, "check", "--no-cache", "--color", "never"] + args + [
        "--format", fmt, "--fail-on", "never", "--root", root]
    if output:
        cmd += ["--output", output]
    cmd.append(root)
    res = subprocess.run(cmd, cwd=root, capture_output=True, timeout=120)
    if res.returncode != 0:
        raise CaseError("%s exited %d: %s" % (" ".join(shlex.quote(c) for c in cmd), res.returncode,
                                              res.stderr.decode("utf-8", "replace").strip()))
    return res.stdout


class CaseError(Exception):
    pass


def file_uri_of_dir(path):
    return "file://" + urllib.parse.quote(path.rstrip("/") + "/", safe="/")


def check_structure(case, doc, json_doc):
    """Raises CaseError on the first problem."""
    def need(cond, what):
        if not cond:
            raise CaseError(what)

    need(doc.get("$schema") == "https://json.schemastore.org/sarif-2.1.0.json", "$schema")
    need(doc.get("version") == "2.1.0", "version")
    need(len(doc.get("runs", [])) == 1, "exactly one run")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    need(driver.get("name") == "authlint", "driver.name")
    need(driver.get("version") and driver.get("semanticVersion") and driver.get("informationUri"),
         "driver version, semanticVersion and informationUri")
    rules = driver.get("rules", [])
    need([r.get("id") for r in rules] == RULE_IDS, "driver.rules are AUTH000..AUTH008 in order")
    for r in rules:
        need(r.get("name") and r["shortDescription"].get("text") and r["fullDescription"].get("text"),
             "%s: name and descriptions" % r["id"])
        need(r.get("help", {}).get("text") and r["help"].get("markdown"), "%s: help text and markdown" % r["id"])
        need(r.get("helpUri", "").startswith("https://"), "%s: helpUri" % r["id"])
        need(r.get("defaultConfiguration", {}).get("level") in ("error", "warning", "note", "none"),
             "%s: defaultConfiguration.level" % r["id"])
        need("security" in r.get("properties", {}).get("tags", []), "%s: security tag" % r["id"])
    need(run.get("invocations") == [{"executionSuccessful": True}], "invocations")
    root = case["root"]
    srcroot = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri")
    need(srcroot == file_uri_of_dir(root), "originalUriBaseIds %%SRCROOT%% is %r, want %r"
         % (srcroot, file_uri_of_dir(root)))
    if case.get("category"):
        need(run.get("automationDetails") == {"id": case["category"] + "/"}, "automationDetails.id")
    else:
        need("automationDetails" not in run, "no automationDetails without --category")

    hashes = {}

    def check_location(where, loc):
        art = loc["physicalLocation"]["artifactLocation"]
        uri = art.get("uri", "")
        need(art.get("uriBaseId") == "%SRCROOT%", "%s: uriBaseId" % where)
        parsed = urllib.parse.urlsplit(uri)
        need(not parsed.scheme and not parsed.netloc and not uri.startswith("/") and "\\" not in uri,
             "%s: uri %r is not relative" % (where, uri))
        need(all(ch not in uri for ch in " #?") and all(ord(ch) < 128 for ch in uri),
             "%s: uri %r is not percent-encoded" % (where, uri))
        rel = urllib.parse.unquote(uri, errors="strict")
        need(os.path.isfile(os.path.join(root, rel)), "%s: uri %r does not name a file under the root" % (where, uri))
        need(loc["physicalLocation"]["region"].get("startLine", 0) >= 1, "%s: region.startLine" % where)
        return rel

    results = run.get("results", [])
    for i, res in enumerate(results):
        where = "results[%d]" % i
        idx = res.get("ruleIndex")
        need(isinstance(idx, int) and 0 <= idx < len(rules) and rules[idx]["id"] == res.get("ruleId"),
             "%s: ruleIndex %r does not match ruleId %r" % (where, idx, res.get("ruleId")))
        need(res.get("level") in ("error", "warning", "note"), "%s: level" % where)
        need(res.get("message", {}).get("text"), "%s: message.text" % where)
        need(len(res.get("locations", [])) == 1, "%s: one location" % where)
        rel = check_location(where, res["locations"][0])
        fps = res.get("partialFingerprints", {})
        need(fps.get("authlint/v1"), "%s: partialFingerprints authlint/v1" % where)
        need(fps.get("primaryLocationLineHash"), "%s: primaryLocationLineHash missing" % where)
        if rel not in hashes:
            with open(os.path.join(root, rel), "rb") as f:
                hashes[rel] = line_hashes(f.read())
        line = res["locations"][0]["physicalLocation"]["region"]["startLine"]
        want = hashes[rel][line - 1] if line <= len(hashes[rel]) else None
        need(fps["primaryLocationLineHash"] == want, "%s: primaryLocationLineHash %s, GitHub computes %s"
             % (where, fps["primaryLocationLineHash"], want))
        for j, rl in enumerate(res.get("relatedLocations", [])):
            need(rl.get("id") == j + 1, "%s.relatedLocations[%d].id" % (where, j))
            need(rl.get("message", {}).get("text"), "%s.relatedLocations[%d].message" % (where, j))
            check_location("%s.relatedLocations[%d]" % (where, j), rl)
        if case.get("include_suppressed"):
            need(res.get("suppressions") in ([], [{"kind": "inSource"}]), "%s: suppressions" % where)
        else:
            need("suppressions" not in res, "%s: suppressions without --include-suppressed" % where)
        if case.get("baseline"):
            need(res.get("baselineState") == "unchanged",
                 "%s: baselineState %r against a baseline of the same run" % (where, res.get("baselineState")))
        else:
            need("baselineState" not in res, "%s: baselineState without --baseline" % where)

    # The same findings as the JSON document, in the same order.
    want = [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in json_doc["findings"]
            if case.get("include_suppressed") or not f["suppressed"]]
    got = [(r["ruleId"], urllib.parse.unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"].get("startColumn"), r["message"]["text"])
           for r in results]
    need(got == want, "results differ from --format json findings:\n  sarif %r\n  json  %r" % (got, want))
    if case.get("include_suppressed"):
        sup = [bool(r["suppressions"]) for r in results]
        need(sup == [f["suppressed"] for f in json_doc["findings"]], "suppressions differ from --format json")
    return len(results)


def build_case(case, out_dir, n):
    """Runs authlint for one case; returns the SARIF path."""
    args = list(case.get("args", []))
    if case.get("category"):
        args += ["--category", case["category"]]
    if case.get("include_suppressed"):
        args.append("--include-suppressed")
    if case.get("baseline"):
        baseline = os.path.join(out_dir, "%03d.baseline.json" % n)
        run_authlint(case["root"], ["--write-baseline", baseline], "text")
        args += ["--baseline", baseline]
    sarif_path = os.path.join(out_dir, "%03d.sarif" % n)
    run_authlint(case["root"], args, "sarif", sarif_path)
    json_doc = json.loads(run_authlint(case["root"], args, "json"))
    with open(sarif_path, "rb") as f:
        raw = f.read()
    try:
        doc = json.loads(raw)
    except ValueError as e:
        raise CaseError("not JSON: %s" % e)
    case["n_results"] = check_structure(case, doc, json_doc)
    if case.get("jobs_check"):
        again = os.path.join(out_dir, "%03d.jobs1.sarif" % n)
        run_authlint(case["root"], args + ["--jobs", "1"], "sarif", again)
        with open(again, "rb") as f:
            if f.read() != raw:
                raise CaseError("output differs between --jobs 1 and the default --jobs")
        os.unlink(again)
    return sarif_path


WEIRD_VIEWS = """\
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser
from rest_framework.views import APIView


class Legacy(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthenticationAllowInactiveUser)


class Mobile(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthenticationAllowInactiveUser)  # authlint: ignore[AUTH003] old app
"""


def weird_project(tmp):
    """Spaces, '%', '#', ':', ',' and non-ASCII in the root and the relative paths,
    CRLF line ends, and an inline suppression."""
    root = os.path.join(tmp, "proj with space%20#1 \u00fc")
    os.makedirs(os.path.join(root, "pkg"))
    os.makedirs(os.path.join(root, "not a package"))
    open(os.path.join(root, "pkg", "__init__.py"), "w").close()
    data = WEIRD_VIEWS.encode("utf-8")
    with open(os.path.join(root, "pkg", "v\u00fcews.py"), "wb") as f:
        f.write(data)
    with open(os.path.join(root, "pkg", "crlf.py"), "wb") as f:
        f.write(data.replace(b"\n", b"\r\n"))
    with open(os.path.join(root, "not a package", "views.py"), "wb") as f:
        f.write(data)
    with open(os.path.join(root, "pkg", "x,y:z%w #2.py"), "wb") as f:
        f.write(data)
    return root


def collect_cases(tmp):
    cases = []
    if os.path.isdir(EXAMPLES):
        for name in sorted(os.listdir(EXAMPLES)):
            root = os.path.join(EXAMPLES, name)
            if name.startswith(".") or not os.path.isdir(root):
                continue
            cases.append({"name": "examples/" + name, "root": root, "jobs_check": True, "must_find": True})
            cases.append({"name": "examples/%s --category" % name, "root": root, "category": CATEGORY})
            cases.append({"name": "examples/%s --include-suppressed" % name, "root": root,
                          "include_suppressed": True})
            cases.append({"name": "examples/%s --baseline" % name, "root": root, "baseline": True})
    weird = weird_project(tmp)
    cases.append({"name": "generated paths with spaces/%/non-ASCII", "root": weird, "must_find": True})
    cases.append({"name": "generated paths --include-suppressed", "root": weird, "include_suppressed": True,
                  "must_find": True})
    if os.path.isdir(FIXTURES):
        for group in sorted(os.listdir(FIXTURES)):
            gdir = os.path.join(FIXTURES, group)
            if not os.path.isdir(gdir) or group.startswith("."):
                continue
            for name in sorted(os.listdir(gdir)):
                path = os.path.join(gdir, name)
                if not (name.endswith(".py") or (os.path.isdir(path) and not name.startswith("."))):
                    continue
                stem = name[:-3] if name.endswith(".py") else name
                root = os.path.join(tmp, "fixtures", group, stem)
                if os.path.isdir(path):
                    shutil.copytree(path, root)
                else:
                    os.makedirs(root)
                    shutil.copy(path, root)
                args = []
                args_file = os.path.join(gdir, stem + ".args")
                if os.path.exists(args_file):
                    args = shlex.split(open(args_file).read())
                cases.append({"name": "fixtures/%s/%s" % (group, stem), "root": root, "args": args})
    return cases


def validate(validator, files, tmp):
    """Runs the validator over the files, in a few parallel processes (it is
    slow, and fastest single-threaded); returns ({file: [problems]}, [problems
    not tied to a file])."""
    jobs = max(1, min(os.cpu_count() or 1, 4, len(files)))
    chunks = [files[i::jobs] for i in range(jobs)]
    procs = []
    for i, chunk in enumerate(chunks):
        log_path = os.path.join(tmp, "validation-%d.sarif" % i)
        cmd = [validator, "validate", "--config", VALIDATOR_CONFIG, "--threads", "1",
               "--rule-kind", "Gh;Sarif", "--level", "Error;Warning", "--output", log_path] + chunk
        procs.append((log_path, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    problems = {f: [] for f in files}
    by_name = {os.path.basename(f): f for f in files}
    general = []
    for (log_path, proc), chunk in zip(procs, chunks):
        out, _ = proc.communicate(timeout=600)
        if not os.path.exists(log_path):
            fail_setup("the validator wrote no log (exit %d):\n%s" % (proc.returncode, out))
        if "Done. %d files scanned." % len(chunk) not in out:
            general.append("the validator did not scan all %d files:\n%s" % (len(chunk), out))
        log = json.load(open(log_path, encoding="utf-8-sig"))
        for run in log.get("runs", []):
            for inv in run.get("invocations", []):
                if inv.get("executionSuccessful") is False:
                    general.append("validator execution failed:\n" + out)
                for note in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
                    ident = note.get("descriptor", {}).get("id", "")
                    text = note.get("message", {}).get("text", "")
                    if ident == "WRN999.RuleExplicitlyDisabled" and "'SARIF2006'" in text:
                        continue  # disabled on purpose: tests/tools/sarif-validate.xml
                    if note.get("level", "warning") in ("error", "warning"):
                        general.append("validator notification %s: %s" % (ident, text))
            for r in run.get("results", []):
                if r.get("kind", "fail") != "fail" or r.get("level", "warning") not in ("error", "warning"):
                    continue
                text = r.get("message", {}).get("text") or " ".join(r.get("message", {}).get("arguments", []))
                line = "%s %s: %s" % (r.get("level", "warning"), r.get("ruleId"), text)
                uri = ""
                for loc in r.get("locations", []):
                    uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                target = by_name.get(os.path.basename(urllib.parse.unquote(uri)))
                if target:
                    problems[target].append(line)
                else:
                    general.append(line + " (" + uri + ")")
    return problems, general


def dedupe_key(path):
    """Result-less logs that differ only in %SRCROOT% validate alike; the
    key is None for logs that must be validated."""
    doc = json.load(open(path, encoding="utf-8"))
    run = doc["runs"][0]
    if run.get("results"):
        return None
    run = dict(run)
    run.pop("originalUriBaseIds", None)
    return json.dumps(run, sort_keys=True)


def main():
    validator = find_validator()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = os.path.join(tmp, "out")
        os.makedirs(out_dir)
        cases = collect_cases(tmp)
        if not any(c["name"].startswith("examples/") for c in cases):
            fail_setup("no example projects under %s" % EXAMPLES)
        built = []
        for n, case in enumerate(cases):
            try:
                case["sarif"] = build_case(case, out_dir, n)
                if case.get("must_find") and not case["n_results"]:
                    raise CaseError("no results; this case is expected to produce findings")
                built.append(case)
            except (CaseError, KeyError, TypeError, ValueError, OSError) as e:
                failed += 1
                print("FAIL %s: %s" % (case["name"], e))
        seen = {}
        to_validate = []
        for case in built:
            key = dedupe_key(case["sarif"])
            if key is not None and key in seen:
                case["validated_as"] = seen[key]
                continue
            if key is not None:
                seen[key] = case["sarif"]
            to_validate.append(case["sarif"])
        # A canary the validator must reject (a result without a location,
        # which GitHub refuses), so a validator that checks nothing fails.
        canary = os.path.join(out_dir, "canary.sarif")
        doc = json.load(open(to_validate[0], encoding="utf-8")) if to_validate else None
        if not doc:
            fail_setup("no SARIF output to validate")
        doc["runs"][0]["results"] = [{"ruleId": "AUTH003", "ruleIndex": 3, "level": "error",
                                      "message": {"text": "canary."}}]
        with open(canary, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
        problems, general = validate(validator, to_validate + [canary], tmp)
        if not problems[canary]:
            general.append("the validator accepted a result without locations; it is not checking")
        for line in general:
            print("FAIL validator: %s" % line)
        failed += 1 if general else 0
        for case in built:
            if problems[case.get("validated_as", case["sarif"])]:
                failed += 1
                print("FAIL %s: the validator reports:" % case["name"])
                for line in problems[case.get("validated_as", case["sarif"])]:
                    print("    " + line)
            else:
                passed += 1
                print("ok   %s (%d results)" % (case["name"], case["n_results"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
