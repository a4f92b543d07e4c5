#!/usr/bin/env bash
# Installs the OPTIONAL MediaPipe reference tool (tools/mediapipe-reference): Debian's chromium, ffmpeg,
# libjpeg-turbo-progs (djpeg: JPEG inputs are decoded by libjpeg-turbo, as MediaPipe's loaders) and
# Node/npm, then `npm ci` of the committed package-lock.json (@mediapipe/pose and playwright-core, pinned by
# sha512 integrity), and checks the package's model files against scripts/models.sha256.
# Not part of install-deps.sh or `make test`: tests compare against the committed JSON and need no browser.
# Idempotent: re-running only re-checks.
#   scripts/install-reference-tool.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
tool="$repo/tools/mediapipe-reference"
sums="$here/models.sha256"

missing=()
for p in chromium ffmpeg libjpeg-turbo-progs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian (nodesource ships npm inside nodejs): look for the commands.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "install-reference-tool: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci installs exactly the lock file's versions and fails on any integrity (sha512) mismatch.
lock="$tool/package-lock.json"
stamp="$tool/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || ! cmp -s <(grep '"integrity"' "$lock" | sort) \
  <(grep '"integrity"' "$stamp" | sort); then
  echo "install-reference-tool: npm ci in tools/mediapipe-reference"
  (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The same model bytes as scripts/fetch-models.sh installs (the packed asset file is the detector).
pkg="$tool/node_modules/@mediapipe/pose"
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
ln -s "$pkg/pose_solution_packed_assets.data" "$check/pose_detection.tflite"
for m in lite full heavy; do ln -s "$pkg/pose_landmark_$m.tflite" "$check/"; done
if ! (cd "$check" && sha256sum --check --quiet "$sums"); then
  echo "install-reference-tool: @mediapipe/pose model files differ from scripts/models.sha256" >&2
  exit 1
fi

echo "install-reference-tool: ready ($(chromium --version 2>/dev/null | head -1 | cut -d' ' -f1-2)," \
  "$(ffmpeg -version | head -1 | cut -d' ' -f1-3), $(djpeg -version 2>&1 | head -1 | cut -d' ' -f1-3)," \
  "node $(node --version))"
echo "  node tools/mediapipe-reference/run.mjs --help"
