#!/usr/bin/env bash
# Installs the browser-test tooling: npm `playwright-core` and `axe-core` (and `fhirclient` and `jose`, the
# SMART on FHIR clients of smart.test.mjs) at the versions pinned in
# tests/web/package-lock.json (npm ci checks each package's integrity), into tests/web/node_modules.
# It drives Debian's chromium (/usr/bin/chromium); no browser is downloaded. Idempotent and quiet when
# the pinned version is already installed. Without npm it prints a note and exits 0: the browser tests
# then skip with that reason.
#   scripts/install-browser-test.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/web"

# Every package of the lock installed at its locked version: nothing to do.
if node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8"));
  for (const [p, v] of Object.entries(lock.packages || {})) {
    if (!p) continue;
    const got = JSON.parse(fs.readFileSync(path.join(dir, p, "package.json"), "utf8")).version;
    if (got !== v.version) process.exit(1);
  }' "$dir" 2>/dev/null; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-browser-test: npm is not installed; the browser tests will be skipped."
  exit 0
fi

echo "install-browser-test: npm ci in tests/web (versions pinned in package-lock.json)"
# No browser download: playwright-core has none, and the tests use Debian's chromium.
if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/.npm-ci.log"); then
  cat "$dir/.npm-ci.log" >&2
  echo "install-browser-test: 'npm ci' failed (offline or registry unreachable?)" >&2
  exit 1
fi
rm -f "$dir/.npm-ci.log"
