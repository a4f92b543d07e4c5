# shellcheck shell=bash
# Sourced by the install-*.sh scripts of the npm-based test tools (browser tests, FHIR conformance, OpenAPI
# lint): one folder's packages installed with `npm ci` from its committed package-lock.json, which checks
# every tarball's sha512 against the lock.
#
# npm_ci_folder TAG DIR WHY [ENV=VALUE...]
#   TAG   the calling script's name, the prefix of every message ("install-browser-test")
#   DIR   the folder holding package.json and package-lock.json; node_modules goes there (git-ignored)
#   WHY   what is skipped without npm ("the browser tests will be skipped")
#   ENV   variables set for `npm ci` only (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)
# Quiet and quick when every locked package is installed at its locked version; without npm it prints a
# note and returns 0 (the tests then skip, saying why); when `npm ci` fails it shows npm's log and exits 1.
npm_ci_folder() {
  local tag="$1" dir="$2" why="$3"
  shift 3
  if npm_ci_installed "$dir"; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "$tag: npm is not installed; $why."
    return 0
  fi
  echo "$tag: npm ci in ${dir#"$(dirname "$(dirname "$dir")")"/} (versions and checksums pinned in package-lock.json)"
  if ! (cd "$dir" && env "$@" npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/.npm-ci.log"); then
    cat "$dir/.npm-ci.log" >&2
    echo "$tag: 'npm ci' failed in $dir (offline or registry unreachable?)" >&2
    exit 1
  fi
  rm -f "$dir/.npm-ci.log"
}

# npm_ci_installed DIR: true when every package of DIR's lock is installed at its locked version.
npm_ci_installed() {
  node -e '
    const fs = require("fs"), path = require("path"), dir = process.argv[1];
    const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8"));
    for (const [p, v] of Object.entries(lock.packages || {})) {
      if (!p) continue;
      const got = JSON.parse(fs.readFileSync(path.join(dir, p, "package.json"), "utf8")).version;
      if (got !== v.version) process.exit(1);
    }' "$1" 2>/dev/null
}

# npm_ci_pin TAG DIR PACKAGE INTEGRITY: exits 1 unless DIR's lock pins PACKAGE with INTEGRITY (the sha512
# the registry publishes for the chosen version), so that an edited lock cannot bring in another tarball of
# the package the test's verdict rests on.
npm_ci_pin() {
  local tag="$1" dir="$2" package="$3" want="$4" locked
  locked="$(node -e '
    const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const p = lock.packages["node_modules/" + process.argv[2]];
    process.stdout.write(p ? p.integrity : "");' "$dir/package-lock.json" "$package" 2>/dev/null || true)"
  if [ "$locked" != "$want" ]; then
    echo "$tag: $dir/package-lock.json pins $package with '$locked', expected $want" >&2
    exit 1
  fi
}
