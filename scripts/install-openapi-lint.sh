#!/usr/bin/env bash
# Installs what the OpenAPI tests need: npm `@redocly/cli` (MIT; the lint) and `ajv` (MIT; the response
# schemas checked against live answers, tests/openapi/responses.mjs) at the versions pinned in
# tests/openapi/package-lock.json, into tests/openapi/node_modules (git-ignored). `npm ci` checks each
# package's sha512 against the lock; the lock's integrity of both is also checked here against the value
# the registry publishes for 2.77.0 and 8.20.0, so a changed lock cannot slip in another tarball.
# Idempotent and quiet when already installed. Without npm it prints a note and exits 0: the tests then
# skip with that reason. @redocly/cli 2.77.0 needs node 20.19+ or 22.12+; with an older node the lint
# skips and says so.
#   scripts/install-openapi-lint.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/openapi"
# shellcheck source=lib/npm-ci.sh
. "$here/lib/npm-ci.sh"

npm_ci_pin install-openapi-lint "$dir" @redocly/cli "sha512-XUa4hURDWLPG9WukIXo+UBqa9VpeTndmLI5PHu9QDkwtwH990Jsgz9nl2m1pZjsWrKFPP7avn6etRxxDbuD2Bg=="
npm_ci_pin install-openapi-lint "$dir" ajv "sha512-Thbli+OlOj+iMPYFBVBfJ3OmCAnaSyNn4M1vz9T6Gka5Jt9ba/HIR56joy65tY6kx/FCF5VXNB819Y7/GUrBGA=="
npm_ci_folder install-openapi-lint "$dir" "the OpenAPI tests will be skipped"
