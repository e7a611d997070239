#!/usr/bin/env python3
"""The floor of any Python-based linter: parse every *.py file under a tree
with the ast module, and do nothing else. usage: parse_only.py DIR"""
import ast
import os
import sys

SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", "build", "dist"}


def main():
    n = 0
    for root, dirs, files in os.walk(sys.argv[1]):
        dirs[:] = [d for d in dirs if d not in SKIP]
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(root, name), "rb") as f:
                    try:
                        ast.parse(f.read())
                    except (SyntaxError, ValueError):
                        pass
                n += 1
    print(n, "files parsed", file=sys.stderr)


if __name__ == "__main__":
    main()
