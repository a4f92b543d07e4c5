#!/usr/bin/env bash
# Installs the browser-test tooling: npm `playwright-core` and `axe-core` (and `fhirclient` and `jose`, the
# SMART on FHIR clients of smart.test.mjs, and `openid-client`, the OpenID Connect / OAuth 2 client of
# oidc.test.mjs) at the versions pinned in tests/web/package-lock.json (npm ci checks each package's integrity), into tests/web/node_modules.
# It drives Debian's chromium (/usr/bin/chromium); no browser is downloaded. Idempotent and quiet when
# the pinned version is already installed. Without npm it prints a note and exits 0: the browser tests
# then skip with that reason.
#   scripts/install-browser-test.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/web"
# shellcheck source=lib/npm-ci.sh
. "$here/lib/npm-ci.sh"

# No browser download: playwright-core has none, and the tests use Debian's chromium.
npm_ci_folder install-browser-test "$dir" "the browser tests will be skipped" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
