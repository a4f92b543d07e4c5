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
# shellcheck source=lib/npm-ci.sh
. "$here/lib/npm-ci.sh"

npm_ci_pin install-openapi-lint "$dir" @redocly/cli "sha512-XUa4hURDWLPG9WukIXo+UBqa9VpeTndmLI5PHu9QDkwtwH990Jsgz9nl2m1pZjsWrKFPP7avn6etRxxDbuD2Bg=="
npm_ci_folder install-openapi-lint "$dir" "the OpenAPI lint test will be skipped"
