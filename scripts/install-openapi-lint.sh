#!/usr/bin/env bash
# Installs what the OpenAPI lint test needs: npm `@redocly/cli` (MIT) at the version pinned in
# tests/openapi/package-lock.json, into tests/openapi/node_modules (git-ignored). `npm ci` checks the
# package's sha512 against the lock; the lock's integrity is also checked here against the value the
# registry publishes for 2.77.0, so a changed lock cannot slip in another tarball. Idempotent and quiet
# when already installed. Without npm it prints a note and exits 0: the lint test then skips with that
# reason. @redocly/cli 2.77.0 needs node 20.19+ or 22.12+; with an older node the test skips and says so.
#   scripts/install-openapi-lint.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/openapi"
redocly_integrity="sha512-XUa4hURDWLPG9WukIXo+UBqa9VpeTndmLI5PHu9QDkwtwH990Jsgz9nl2m1pZjsWrKFPP7avn6etRxxDbuD2Bg=="

locked="$(node -e '
  const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(lock.packages["node_modules/@redocly/cli"].integrity);' "$dir/package-lock.json" 2>/dev/null || true)"
if [ "$locked" != "$redocly_integrity" ]; then
  echo "install-openapi-lint: package-lock.json pins @redocly/cli with '$locked', expected $redocly_integrity" >&2
  exit 1
fi

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
  echo "install-openapi-lint: npm is not installed; the OpenAPI lint test will be skipped."
  exit 0
fi

echo "install-openapi-lint: npm ci in tests/openapi (version and checksum pinned in package-lock.json)"
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/.npm-ci.log"); then
  cat "$dir/.npm-ci.log" >&2
  echo "install-openapi-lint: 'npm ci' failed (offline or registry unreachable?)" >&2
  exit 1
fi
rm -f "$dir/.npm-ci.log"
