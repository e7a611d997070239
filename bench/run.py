#!/usr/bin/env python3
"""Benchmark: authlint against the floors of reading and of parsing.

usage:
  bench/run.py --corpus DIR [--authlint build/authlint] [--runs 5]
  bench/run.py --generate 1,4,16 [--authlint build/authlint] [--runs 5]

Measures in one run, on the same tree, side by side (median of --runs, after
one warm-up, page cache warm):
  authlint cold    check --no-cache: what a user runs (tests skipped, SPEC 2)
  authlint +tests  the same with --include-tests (test code analysed too)
  authlint cached  check with .authlint_cache/ populated by the warm-up
  rg               rg -l authentication_classes (the floor of reading files)
  python ast       bench/parse_only.py (the floor of a Python-based linter)
and prints the ratios and authlint's peak RSS (/usr/bin/time -v).
With --generate, builds synthetic corpora of those sizes in MB
(bench/gen_corpus.py) and also prints time per MB, to show linear growth,
and the marginal time per MB between sizes with the fixed cost it implies.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def py_bytes(tree):
    total = files = 0
    for root, dirs, names in os.walk(tree):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules", ".authlint_cache")]
        for n in names:
            if n.endswith(".py"):
                total += os.path.getsize(os.path.join(root, n))
                files += 1
    return total, files


def timed(cmd, cwd, runs):
    warm = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # warm-up
    if warm.returncode not in (0, 1):
        sys.exit("bench: %s failed (exit %d): %s" % (" ".join(cmd), warm.returncode, warm.stderr.strip()[:500]))
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def peak_rss_mb(cmd, cwd):
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) / 1024.0 if m else float("nan")


def measure(tree, authlint, runs):
    mb = py_bytes(tree)[0] / 1048576.0
    base = [authlint, "check", "--fail-on", "never", "--quiet", "--root", tree, tree]
    cache_dir = os.path.join(tree, ".authlint_cache")
    shutil.rmtree(cache_dir, ignore_errors=True)
    res = {
        "mb": mb,
        "cold": timed(base + ["--no-cache"], tree, runs),
        "tests": timed(base + ["--no-cache", "--include-tests"], tree, runs),
        "cached": timed(base, tree, runs),
        "rg": timed(["rg", "-l", "authentication_classes", tree], tree, runs),
        "ast": timed([sys.executable, os.path.join(HERE, "parse_only.py"), tree], tree, max(1, runs // 2)),
        "rss": max(peak_rss_mb(base + ["--no-cache"], tree), peak_rss_mb(base + ["--no-cache", "--include-tests"], tree)),
    }
    shutil.rmtree(cache_dir, ignore_errors=True)
    return res


def report(name, r):
    print("%-28s %7.1f MB  cold %7.3fs  +tests %7.3fs  cached %7.3fs  rg %7.3fs  ast %7.3fs  peak RSS %6.1f MB" %
          (name, r["mb"], r["cold"], r["tests"], r["cached"], r["rg"], r["ast"], r["rss"]))
    print("%-28s cold/rg %.2fx (target <= 3)  cached/rg %.2fx (target <= 1.5)  ast/cold %.1fx (target >= 20)"
          "  cold s/MB %.4f" % ("", r["cold"] / r["rg"], r["cached"] / r["rg"], r["ast"] / r["cold"],
                                 r["cold"] / r["mb"]))
    print("%-28s with --include-tests: +tests/rg %.2fx  ast/+tests %.1fx" %
          ("", r["tests"] / r["rg"], r["ast"] / r["tests"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("--generate")
    ap.add_argument("--authlint", default=os.path.join(HERE, "..", "build", "authlint"))
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    authlint = os.path.abspath(a.authlint)
    for tool in ("rg", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit("bench: %s is needed (apt-get install ripgrep time)" % tool)
    print("machine: %d cores; runs: %d (median)" % (os.cpu_count(), a.runs))
    if a.corpus:
        report(os.path.basename(os.path.abspath(a.corpus)), measure(os.path.abspath(a.corpus), authlint, a.runs))
    if a.generate:
        with tempfile.TemporaryDirectory() as tmp:
            points = []  # (MB, cold seconds)
            for size in a.generate.split(","):
                tree = os.path.join(tmp, "gen%s" % size)
                subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), tree, size], check=True,
                               stdout=subprocess.DEVNULL)
                r = measure(tree, authlint, a.runs)
                report("generated %s MB" % size, r)
                points.append((r["mb"], r["cold"]))
            per_mb = [t / mb for mb, t in points]
            spread = (max(per_mb) - min(per_mb)) / min(per_mb) * 100
            print("time per MB across sizes: spread %.1f%% (target within 25%%)" % spread)
            if len(points) > 1:
                # What each added MB costs, between consecutive sizes, and the
                # fixed cost (least-squares intercept: start-up, threads, exit)
                # that makes small trees dearer per MB.
                steps = [(t2 - t1) / (m2 - m1) for (m1, t1), (m2, t2) in zip(points, points[1:])]
                n = len(points)
                mx = sum(m for m, _ in points) / n
                my = sum(t for _, t in points) / n
                slope = sum((m - mx) * (t - my) for m, t in points) / sum((m - mx) ** 2 for m, _ in points)
                print("marginal s/MB between sizes: %s (spread %.1f%%); fixed cost %.3f s" %
                      (", ".join("%.4f" % x for x in steps),
                       (max(steps) - min(steps)) / min(steps) * 100, my - slope * mx))


if __name__ == "__main__":
    main()
