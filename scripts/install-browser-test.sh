#!/usr/bin/env bash
# Installs the browser-test tooling: npm `playwright-core` and `axe-core` (and `fhirclient` and `jose`, the
# SMART on FHIR clients of smart.test.mjs, and `openid-client`, the OpenID Connect / OAuth 2 client of
# oidc.test.mjs) at the versions pinned in tests/web/package-lock.json (npm ci checks each package's integrity), into tests/web/node_modules.
# The browser is Chromium's headless shell from npm `@sparticuz/chromium` (pinned below as well), unpacked
# once into tests/web/node_modules/.headless-shell/ (tests/web/lib/browser.mjs; ADR 0015); it runs on the
# libraries Debian's chromium package brings (scripts/install-deps.sh). Idempotent and quiet when the
# pinned versions are already installed. Without npm it prints a note and exits 0: the browser tests then
# skip with that reason.
#   scripts/install-browser-test.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/web"
# shellcheck source=lib/npm-ci.sh
. "$here/lib/npm-ci.sh"

# No download by Playwright: the browser comes from the npm package pinned here.
npm_ci_folder install-browser-test "$dir" "the browser tests will be skipped" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if command -v node >/dev/null 2>&1 && [ -d "$dir/node_modules" ]; then
  npm_ci_pin install-browser-test "$dir" @sparticuz/chromium "sha512-jiGWqSvPMdu4+P9TilYqAR7yEGPEHINx+lCvE/NqNO/EHYzF/x1hUiI5T6ioVIt7dEy7n88byyT0vk+dnsgQwA=="
  node "$dir/lib/browser.mjs" unpack >/dev/null
fi
