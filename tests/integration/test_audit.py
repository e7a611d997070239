#!/usr/bin/env python3
"""`authlint audit` in md, csv and json on a copy of examples/openedx-demo
(which brings its own .authlint.json), checked against docs/audit.md.

The expected figures are worked out here, independently of src/report/audit.c,
from the endpoint inventory of `authlint check --format json` (statuses,
apps, summary per app and overall, % compliant rounded half up), and the
example's key figures are also spelled out (9 endpoints, 1 compliant, 12.5 %).

Also: `--compare` with an earlier JSON report after fixing one Bearer view in
the source (1 fixed; the reverse comparison gives 1 regressed; an earlier
`check --format json` document works too), output byte-identical across
--jobs 1 / --jobs 4 and between runs, exit 0 despite violations, and a bad
--compare file (missing, malformed, not an authlint report) is exit 2 with
one clear line on stderr and nothing written.

Environment: AUTHLINT (the binary), AUTHLINT_SOURCE_ROOT (the repository).
Prints one PASS/FAIL line per check, then "N passed, N failed".
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal

AUTHLINT = os.environ["AUTHLINT"]
SOURCE_ROOT = os.environ["AUTHLINT_SOURCE_ROOT"]
EXAMPLE = os.path.join(SOURCE_ROOT, "examples", "openedx-demo")
RULES = ["AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005"]
CSV_COLUMNS = (["endpoint", "type", "path", "line", "app", "classes", "source", "browser", "exclusion",
                "exclusion_reason"] + RULES + ["status", "target"])

# The example, as its README describes it.
EXAMPLE_ENDPOINTS = [
    "demo.courses.api.views.CourseListView",
    "demo.courses.api.views.CourseDetailView",
    "demo.courses.api.views.CourseBlocksView",
    "demo.courses.api.views.course_health",
    "demo.enrollments.views.EnrollmentView",
    "demo.enrollments.views.EnrollmentViewSet",
    "demo.profiles.views.ProfileView",
    "demo.profiles.views.PreferencesView",
    "demo.webhooks.views.PaymentWebhookView",
]
EXAMPLE_APPS = ["demo/courses", "demo/enrollments", "demo/profiles", "demo/webhooks"]
FIXED_VIEW = "demo.courses.api.views.CourseDetailView"
FIXED_FILE = os.path.join("demo", "courses", "api", "views.py")
FIXED_FROM = "authentication_classes = (JwtAuthentication, Bearer)"
FIXED_TO = "authentication_classes = (JwtAuthentication,)"

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s" % ("PASS" if ok else "FAIL", name))
    if not ok and detail:
        for line in str(detail).rstrip().splitlines()[:40]:
            print("    " + line)


def run(cwd, *args):
    """(exit code, stdout bytes, stderr text)."""
    res = subprocess.run([AUTHLINT] + list(args), cwd=cwd, capture_output=True, timeout=120)
    return res.returncode, res.stdout, res.stderr.decode("utf-8", "replace")


def audit(cwd, *args):
    return run(cwd, "audit", "--no-cache", *args)


def show(rc, out, err):
    out = out.decode("utf-8", "replace") if isinstance(out, bytes) else out
    return "exit %s\nstdout: %s\nstderr: %s" % (rc, out[:1500], err[:1500])


# --- the figures, computed from the check document as docs/audit.md defines them ---

def status_of(e):
    if e.get("excluded"):
        return "excluded"
    if not e.get("resolved", True):
        return "unresolved"
    if any(e["status"].get(r) == "fail" for r in RULES):
        return "non-compliant"
    return "compliant"


def app_of(path):
    dirs = path.split("/")[:-1]
    return "/".join(dirs[:2]) if dirs else "."


def percent(compliant, in_scope):
    if in_scope == 0:
        return None
    return float((Decimal(compliant) * 100 / Decimal(in_scope)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def tally(endpoints):
    st = [status_of(e) for e in endpoints]
    t = {
        "endpoints": len(endpoints),
        "compliant": st.count("compliant"),
        "non_compliant": st.count("non-compliant") + st.count("unresolved"),
        "excluded": st.count("excluded"),
        "unresolved": sum(1 for e in endpoints if not e.get("resolved", True)),
        "violations": {r: sum(1 for e in endpoints if e["status"].get(r) == "fail") for r in RULES},
    }
    t["percent_compliant"] = percent(t["compliant"], t["endpoints"] - t["excluded"])
    return t


def expected_audit(check_doc):
    eps = check_doc["endpoints"]
    apps = sorted({app_of(e["path"]) for e in eps})
    per_app = []
    for a in apps:
        t = tally([e for e in eps if app_of(e["path"]) == a])
        per_app.append(dict([("app", a)] + list(t.items())))
    return tally(eps), per_app


def pct_text(p):
    return "n/a" if p is None else "%.1f%%" % p


# --- md ----------------------------------------------------------------------

def md_tables(text):
    """{section title: [rows as lists of cells]} for every '## ' section."""
    tables, title = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            tables[title] = []
        elif title and line.startswith("|") and not set(line) <= set("|-: "):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            tables[title].append(cells)
    return tables


def tally_cells(t):
    return ([str(t["endpoints"]), str(t["compliant"]), str(t["non_compliant"]), pct_text(t["percent_compliant"])]
            + [str(t["violations"][r]) for r in RULES] + [str(t["excluded"]), str(t["unresolved"])])


def test_md(root, check_doc):
    overall, per_app = expected_audit(check_doc)
    rc, out, err = audit(root)
    rc2, out2, err2 = audit(root, "--format", "md")
    check("md: default format, exit 0 despite violations", rc == 0 and rc2 == 0 and out == out2 and out,
          show(rc, out, err) + "\n" + show(rc2, out2, err2))
    text = out.decode("utf-8", "replace")
    check("md: title and a project line with 9 endpoints in 4 apps",
          text.startswith("# Authentication migration audit\n") and "9 endpoints in 4 apps" in text, text[:400])
    tables = md_tables(text)
    check("md: sections Overall, By app, Endpoints in that order",
          [k for k in tables] == ["Overall", "By app", "Endpoints"], list(tables))
    ov = tables.get("Overall", [])
    want_head = ["Endpoints", "Compliant", "Non-compliant", "% compliant"] + RULES + ["Excluded", "Unresolved"]
    head = [c.split("]")[0].lstrip("[") for c in ov[0]] if ov else []
    check("md: overall table header", head == want_head, "got %s" % head)
    check("md: overall figures (9 endpoints, 1 compliant, 7 non-compliant, 12.5%)",
          len(ov) == 2 and ov[1] == tally_cells(overall) and ov[1][:4] == ["9", "1", "7", "12.5%"],
          "got %s\nwant %s" % (ov[1:], tally_cells(overall)))
    apps = tables.get("By app", [])
    got_apps = [r for r in apps[1:]]
    want_apps = [["`%s`" % a["app"]] + tally_cells(a) for a in per_app]
    check("md: one row per app with its figures",
          got_apps == want_apps and [a["app"] for a in per_app] == EXAMPLE_APPS,
          "got  %s\nwant %s" % (got_apps, want_apps))
    eps = tables.get("Endpoints", [])
    check("md: endpoint table header",
          eps and eps[0] == ["Endpoint", "Location", "Classes", "Source", "Browser", "Exclusion"] + RULES
          + ["Status", "Target"], eps[:1])
    rows = eps[1:]
    want_rows = [("`%s`" % e["name"], "`%s:%d`" % (e["path"], e["line"])) + tuple(e["status"][r] for r in RULES)
                 + (status_of(e),) for e in check_doc["endpoints"]]
    got_rows = [(r[0], r[1]) + tuple(r[6:11]) + (r[11],) for r in rows if len(r) == 13]
    check("md: one row per endpoint (name, location, rule statuses, status)",
          len(rows) == 9 and got_rows == want_rows and [r[0].strip("`") for r in rows] == EXAMPLE_ENDPOINTS,
          "got  %s\nwant %s" % ("\n".join(map(str, got_rows)), "\n".join(map(str, want_rows))))
    src = {r[0].strip("`"): r[3] for r in rows if len(r) == 13}
    check("md: sources (own, settings, inherited from the mixin)",
          src.get("demo.courses.api.views.course_health") == "settings (demo.settings)"
          and src.get("demo.enrollments.views.EnrollmentView")
          == "inherited from demo.enrollments.views.LegacyAuthMixin"
          and src.get("demo.courses.api.views.CourseListView") == "own", src)
    return text


# --- csv ---------------------------------------------------------------------

def test_csv(root, check_doc):
    rc, out, err = audit(root, "--format", "csv")
    check("csv: exit 0", rc == 0 and out, show(rc, out, err))
    lines = out.split(b"\r\n")
    check("csv: CRLF line ends, no bare LF", out.endswith(b"\r\n") and all(b"\n" not in l for l in lines),
          repr(out[:300]))
    try:
        table = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    except (csv.Error, UnicodeDecodeError) as e:
        check("csv: parses with the csv module", False, e)
        return
    check("csv: parses with the csv module, header is the documented columns",
          table and table[0] == CSV_COLUMNS, table[:1])
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    check("csv: one row per endpoint, each with every column",
          len(rows) == 9 and all(len(r) == len(CSV_COLUMNS) for r in table[1:])
          and [r["endpoint"] for r in rows] == EXAMPLE_ENDPOINTS,
          "%d rows: %s" % (len(rows), [r.get("endpoint") for r in rows]))
    bad = []
    for r, e in zip(rows, check_doc["endpoints"]):
        want = {"endpoint": e["name"], "type": e["type"], "path": e["path"], "line": str(e["line"]),
                "app": app_of(e["path"]), "browser": "yes" if e["browser"] else "no",
                "exclusion": (e["excluded"] or {}).get("kind", ""),
                "exclusion_reason": (e["excluded"] or {}).get("reason", ""), "status": status_of(e)}
        want.update({rule: e["status"][rule] for rule in RULES})
        diff = {k: (r.get(k), v) for k, v in want.items() if r.get(k) != v}
        if diff:
            bad.append("%s: %s" % (e["name"], diff))
    check("csv: columns agree with the check inventory", not bad, "\n".join(bad))
    by = {r["endpoint"]: r for r in rows}
    detail = by.get(FIXED_VIEW, {})
    webhook = by.get("demo.webhooks.views.PaymentWebhookView", {})
    listing = by.get("demo.courses.api.views.CourseListView", {})
    check("csv: classes and target tuples (a field with commas is quoted and round-trips)",
          detail.get("classes") == "(JwtAuthentication, BearerAuthentication)"
          and detail.get("target") == "(JwtAuthentication,)"
          and listing.get("target") == "(JwtAuthentication, SessionAuthenticationAllowInactiveUser)"
          and b'"(JwtAuthentication, SessionAuthenticationAllowInactiveUser)"' in out
          and webhook.get("exclusion") == "webhook" and webhook.get("status") == "excluded",
          "%s\n%s" % (detail, webhook))


# --- json --------------------------------------------------------------------

def test_json(root, check_doc):
    overall, per_app = expected_audit(check_doc)
    rc, out, err = audit(root, "--format", "json")
    try:
        doc = json.loads(out)
    except ValueError as e:
        check("json: parses", False, "%s\n%s" % (e, show(rc, out, err)))
        return None
    au = doc.get("audit")
    check('json: exit 0, "schema": "authlint/1" and an "audit" object',
          rc == 0 and doc.get("schema") == "authlint/1" and isinstance(au, dict), show(rc, out, err))
    if not isinstance(au, dict):
        return None
    rest = dict(doc)
    rest.pop("audit")
    check("json: the rest of the document is check --format json's", rest == check_doc,
          "keys %s vs %s" % (sorted(rest), sorted(check_doc)))
    check("json: audit.summary (9 endpoints, 1 compliant, 12.5)",
          au.get("summary") == overall and overall["endpoints"] == 9 and overall["compliant"] == 1
          and overall["percent_compliant"] == 12.5,
          "got  %s\nwant %s" % (au.get("summary"), overall))
    check("json: audit.apps sorted, with their figures (n/a is null)",
          au.get("apps") == per_app and per_app[-1]["percent_compliant"] is None,
          "got  %s\nwant %s" % (au.get("apps"), per_app))
    got = [(e.get("name"), e.get("app"), e.get("status")) for e in au.get("endpoints", [])]
    want = [(e["name"], app_of(e["path"]), status_of(e)) for e in check_doc["endpoints"]]
    check("json: audit.endpoints in document order with app and status", got == want,
          "got  %s\nwant %s" % (got, want))
    targets = {e.get("name"): e.get("target") for e in au.get("endpoints", [])}
    sources = {e.get("name"): e.get("source") for e in au.get("endpoints", [])}
    check("json: targets and sources",
          targets.get(FIXED_VIEW) == ["JwtAuthentication"]
          and targets.get("demo.profiles.views.ProfileView")
          == ["JwtAuthentication", "SessionAuthenticationAllowInactiveUser"]
          and targets.get("demo.profiles.views.PreferencesView") == ["JwtAuthentication", "SessionAuthentication"]
          and targets.get("demo.enrollments.views.EnrollmentView") == ["JwtAuthentication", "SessionAuthentication"]
          and targets.get("demo.webhooks.views.PaymentWebhookView") == []
          and sources.get("demo.enrollments.views.EnrollmentView")
          == "inherited from demo.enrollments.views.LegacyAuthMixin",
          "%s\n%s" % (targets, sources))
    check("json: no compare without --compare", "compare" not in au, sorted(au))
    return out


# --- --compare ---------------------------------------------------------------

def test_compare(tmp, root):
    old_json = os.path.join(tmp, "old.json")
    old_check = os.path.join(tmp, "old-check.json")
    rc, out, err = audit(root, "--format", "json", "--output", old_json)
    rc2, out2, err2 = run(root, "check", "--no-cache", "--format", "json", "--fail-on", "never",
                          "--output", old_check)
    if not (rc == 0 and rc2 == 0 and os.path.exists(old_json) and os.path.exists(old_check)):
        check("compare: earlier reports written", False, show(rc, out, err) + "\n" + show(rc2, out2, err2))
        return
    path = os.path.join(root, FIXED_FILE)
    src = open(path, encoding="utf-8").read()
    if FIXED_FROM not in src:
        check("compare: the example still has %r" % FIXED_FROM, False, path)
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(src.replace(FIXED_FROM, FIXED_TO))

    rc, out, err = audit(root, "--format", "json", "--compare", old_json)
    try:
        cmp = json.loads(out)["audit"]["compare"]
    except (ValueError, KeyError, TypeError) as e:
        check("compare: json has audit.compare", False, "%s\n%s" % (e, show(rc, out, err)))
        return
    check("compare: Bearer removed from %s -> 1 fixed, nothing else" % FIXED_VIEW.rsplit(".", 1)[1],
          rc == 0 and cmp.get("fixed") == [FIXED_VIEW] and cmp.get("regressed") == [] and cmp.get("new") == []
          and cmp.get("removed") == [], cmp)
    check("compare: old figures and delta (12.5 -> 25.0: +12.5 points)",
          cmp.get("old") == {"endpoints": 9, "percent_compliant": 12.5}
          and cmp.get("percent_compliant_delta") == 12.5
          and json.loads(out)["audit"]["summary"]["percent_compliant"] == 25.0, cmp)

    rc, out, err = audit(root, "--format", "md", "--compare", old_json)
    text = out.decode("utf-8", "replace")
    tables = md_tables(text)
    prog = tables.get("Progress since the earlier report", [])
    check("compare: md progress section (Fixed 1, Regressed 0, New 0, Removed 0, +12.5) lists the view",
          rc == 0 and prog[:1] == [["Fixed", "Regressed", "New", "Removed", "Δ % compliant"]]
          and prog[1:] == [["1", "0", "0", "0", "+12.5"]] and "### Fixed (1)" in text
          and "- `%s`" % FIXED_VIEW in text and list(tables)[1] == "Progress since the earlier report",
          show(rc, out, err))

    rc, out, err = audit(root, "--format", "html", "--compare", old_json)
    html = out.decode("utf-8", "replace")
    check("compare: html progress section with the fixed view",
          rc == 0 and "Progress since the earlier report" in html and FIXED_VIEW in html
          and "<div class=\"value\">+12.5</div>" in html, html[:300])

    rc, out, err = audit(root, "--format", "json", "--compare", old_check)
    try:
        cmp2 = json.loads(out)["audit"]["compare"]
    except (ValueError, KeyError, TypeError) as e:
        cmp2 = "%s: %s" % (e, show(rc, out, err))
    check("compare: an earlier `check --format json` document gives the same comparison", cmp2 == cmp,
          "%s\n%s" % (cmp2, cmp))

    # The other way round: the fixed tree as the earlier report.
    new_json = os.path.join(tmp, "new.json")
    audit(root, "--format", "json", "--output", new_json)
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    rc, out, err = audit(root, "--format", "json", "--compare", new_json)
    try:
        back = json.loads(out)["audit"]["compare"]
    except (ValueError, KeyError, TypeError) as e:
        back = {"error": "%s: %s" % (e, show(rc, out, err))}
    check("compare: reverting the fix -> 1 regressed, -12.5 points",
          back.get("regressed") == [FIXED_VIEW] and back.get("fixed") == []
          and back.get("percent_compliant_delta") == -12.5, back)


# --- determinism, exit codes, bad --compare ----------------------------------

def test_jobs(root):
    bad = []
    for fmt in ("md", "csv", "json", "html"):
        outs = [audit(root, "--format", fmt, "--jobs", j) for j in ("1", "4", "4")]
        if any(o[0] != 0 for o in outs) or len({o[1] for o in outs}) != 1 or not outs[0][1]:
            bad.append("%s: exits %s, %d distinct outputs" % (fmt, [o[0] for o in outs], len({o[1] for o in outs})))
    check("output byte-identical across --jobs 1, --jobs 4 and repeated runs (md, csv, json, html)", not bad,
          "\n".join(bad))


def test_exit_codes(root):
    rc, out, err = run(root, "check", "--no-cache")
    rc2, out2, err2 = audit(root, "--format", "json", "--fail-on", "warning")
    check("exit 0 with violations (check exits 1 on the same tree; audit ignores --fail-on)",
          rc == 1 and rc2 == 0 and out2, show(rc, out, err) + "\n" + show(rc2, out2, err2))


def test_bad_compare(tmp, root):
    cases = [
        ("missing file", os.path.join(tmp, "no-such-report.json"), None, "cannot read"),
        ("malformed JSON", os.path.join(tmp, "truncated.json"), '{"schema": "authlint/1",\n "endpoints": [\n',
         "cannot read"),
        ("not an authlint report", os.path.join(tmp, "other.json"), '{"version": "2.1.0", "runs": []}\n',
         "not an authlint JSON report"),
        ("a JSON array", os.path.join(tmp, "array.json"), "[]\n", "not an authlint JSON report"),
    ]
    for name, path, content, what in cases:
        if content is not None:
            with open(path, "w") as f:
                f.write(content)
        out_file = os.path.join(tmp, "should-not-exist.md")
        rc, out, err = audit(root, "--compare", path, "--output", out_file)
        lines = err.strip().splitlines()
        first = lines[0] if lines else ""
        check("bad --compare (%s): exit 2, one line naming the file and what is wrong, nothing written" % name,
              rc == 2 and out == b"" and len(lines) == 1 and first.startswith("authlint: error: " + path + ":")
              and what in first and not os.path.exists(out_file), show(rc, out, err))
        check("bad --compare (%s): no bogus position (-1) in the message" % name, ":-1" not in first, first)


def main():
    for var in ("AUTHLINT", "AUTHLINT_SOURCE_ROOT"):
        if not os.environ.get(var):
            print("FAIL setup: %s is not set" % var)
            print("0 passed, 1 failed")
            return 1
    tmp = tempfile.mkdtemp(prefix="authlint-audit-")
    try:
        root = os.path.join(tmp, "openedx-demo")
        shutil.copytree(EXAMPLE, root)
        rc, out, err = run(root, "check", "--no-cache", "--format", "json", "--fail-on", "never")
        try:
            check_doc = json.loads(out)
        except ValueError:
            check_doc = None
        names = [e["name"] for e in check_doc["endpoints"]] if check_doc else []
        check("setup: check --format json inventory of the example (9 endpoints)",
              rc == 0 and names == EXAMPLE_ENDPOINTS, show(rc, out, err))
        if names != EXAMPLE_ENDPOINTS:
            return finish()
        test_md(root, check_doc)
        test_csv(root, check_doc)
        test_json(root, check_doc)
        test_jobs(root)
        test_exit_codes(root)
        test_bad_compare(tmp, root)
        test_compare(tmp, root)  # last: edits the copy
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return finish()


def finish():
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
