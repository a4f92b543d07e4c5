#!/usr/bin/env bash
# Installs the browser-test tooling: npm `playwright-core` at the version pinned in
# tests/web/package-lock.json (npm ci checks each package's integrity), into tests/web/node_modules.
# It drives Debian's chromium (/usr/bin/chromium); no browser is downloaded. Idempotent and quiet when
# the pinned version is already installed. Without npm it prints a note and exits 0: the browser tests
# then skip with that reason.
#   scripts/install-browser-test.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/web"

want="$(node -e 'const l=require(process.argv[1]);process.stdout.write(l.packages["node_modules/playwright-core"].version)' \
  "$dir/package-lock.json" 2>/dev/null || true)"
have="$(node -e 'process.stdout.write(require(process.argv[1]).version)' \
  "$dir/node_modules/playwright-core/package.json" 2>/dev/null || true)"
if [ -n "$want" ] && [ "$want" = "$have" ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-browser-test: npm is not installed; the browser tests will be skipped."
  exit 0
fi

echo "install-browser-test: npm ci in tests/web (playwright-core $want)"
# No browser download: playwright-core has none, and the tests use Debian's chromium.
if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/.npm-ci.log"); then
  cat "$dir/.npm-ci.log" >&2
  echo "install-browser-test: 'npm ci' failed (offline or registry unreachable?)" >&2
  exit 1
fi
rm -f "$dir/.npm-ci.log"
