#!/usr/bin/env bash
# Fetches the pinned tree-sitter-python grammar from the npm registry by package
# name, checks its sha256 and unpacks its src/ into grammars/tree-sitter-python/
# for meson to compile. The fetched sources are never committed (.gitignore).
set -euo pipefail

NAME=tree-sitter-python
VERSION=0.23.6
SHA256=aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a

here=$(cd "$(dirname "$0")" && pwd)
dest="$here/$NAME"
stamp="$dest/.version"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$VERSION $SHA256" ] && [ -f "$dest/src/parser.c" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "grammars/fetch.sh: npm is needed to fetch $NAME" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$NAME@$VERSION" >/dev/null)
tarball="$tmp/$NAME-$VERSION.tgz"
got=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
  echo "grammars/fetch.sh: sha256 mismatch for $NAME@$VERSION: got $got, want $SHA256" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/src
rm -rf "$dest"
mkdir -p "$dest"
mv "$tmp/package/src" "$dest/src"
echo "$VERSION $SHA256" > "$stamp"
echo "grammars/fetch.sh: $NAME@$VERSION ready in $dest/src"
