#!/usr/bin/env bash
# Installs what the OpenAPI tests need: npm `@redocly/cli` (MIT; the lint) and `ajv` (MIT; the response
# schemas checked against live answers, tests/openapi/responses.mjs) at the versions pinned in
# tests/openapi/package-lock.json, into tests/openapi/node_modules (git-ignored). `npm ci` checks each
# package's sha512 against the lock; the lock's integrity of both is also checked here against the value
# the registry publishes for 2.77.0 and 8.20.0, so a changed lock cannot slip in another tarball. Idempotent and quiet
# when already installed. Without npm it prints a note and exits 0: the lint test then skips with that
# reason. @redocly/cli 2.77.0 needs node 20.19+ or 22.12+; with an older node the test skips and says so.
#   scripts/install-openapi-lint.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/openapi"
redocly_integrity="sha512-XUa4hURDWLPG9WukIXo+UBqa9VpeTndmLI5PHu9QDkwtwH990Jsgz9nl2m1pZjsWrKFPP7avn6etRxxDbuD2Bg=="
ajv_integrity="sha512-Thbli+OlOj+iMPYFBVBfJ3OmCAnaSyNn4M1vz9T6Gka5Jt9ba/HIR56joy65tY6kx/FCF5VXNB819Y7/GUrBGA=="

for pkg in "@redocly/cli=$redocly_integrity" "ajv=$ajv_integrity"; do
  name="${pkg%%=*}"
  want="${pkg#*=}"
  locked="$(node -e '
    const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.stdout.write(lock.packages["node_modules/" + process.argv[2]].integrity);' "$dir/package-lock.json" "$name" 2>/dev/null || true)"
  if [ "$locked" != "$want" ]; then
    echo "install-openapi-lint: package-lock.json pins $name with '$locked', expected $want" >&2
    exit 1
  fi
done

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
