#!/usr/bin/env bash
# Fetches the front-end libraries of the clinic pages (preact, htm, uPlot; all MIT) and MediaPipe's
# BlazePose for the live sessions (@mediapipe/pose, Apache-2.0: its script, wasm, graph and the lite and
# full landmark models) from pinned npm packages, checks each tarball's sha512 and each installed file's
# sha256, and installs the files into <repo>/web/static/vendor/ (or --dest DIR). Idempotent and quiet: when every file is present
# with the sum in scripts/web-vendor.sha256 it exits at once. Without npm it prints a note and exits 0
# (the pages then cannot load, everything else still builds and tests).
#   scripts/fetch-web.sh [--dest DIR]
set -euo pipefail

# name@version  sha512 integrity of the tarball, as the registry publishes it (npm view NAME@VERSION dist.integrity)
PACKAGES=(
  "preact@11.2.0 sha512-/HfHI/7N84e6GrWBJ3J280z3mLaRJiDcSvj/A+y/4AbLnND/1UlGHe1sR6oYuTGwId0nP7dqDU9OnLxMPZ7xBg=="
  "htm@3.1.1 sha512-983Vyg8NwUE7JkZ6NmOqpCZ+sh1bKv2iYTlUkzlWmA5JD2acKoxd4KVxbMmxX/85mtfdnDmTFoNKcg5DGAvxNQ=="
  "uplot@1.6.32 sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw=="
  "@mediapipe/pose@0.5.1675469404 sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="
)

# The BlazePose files the live page loads (vendor/mediapipe/): the solution script, its asset loader and
# packed assets, the graph, the SIMD wasm build (every browser that runs the page has wasm SIMD) and the
# lite and full landmark models (the heavy one, 28 MB, runs at about 4 frames/s on a CPU: not installed).
MEDIAPIPE_FILES=(
  pose.js pose_solution_packed_assets_loader.js pose_solution_packed_assets.data pose_web.binarypb
  pose_solution_simd_wasm_bin.js pose_solution_simd_wasm_bin.wasm pose_landmark_lite.tflite pose_landmark_full.tflite
  package.json
)

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
sums="$here/web-vendor.sha256"
dest="$repo/web/static/vendor"

while (($#)); do
  case "$1" in
    --dest)
      [ $# -ge 2 ] || { echo "fetch-web: --dest needs a directory" >&2; exit 2; }
      dest="$2"; shift 2 ;;
    --dest=*) dest="${1#--dest=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-web: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

PINNED_TAG=fetch-web
PINNED_SUMS="$sums"
PINNED_DEST="$dest"
# shellcheck source=lib/pinned-npm.sh
. "$here/lib/pinned-npm.sh"

pinned_require_sums "the web vendor files"
if pinned_installed; then
  exit 0
fi

pinned_need_npm "web vendor files not fetched (the clinic pages will not load)."
pinned_workdir
work="$PINNED_WORK"

for entry in "${PACKAGES[@]}"; do
  spec="${entry%% *}"
  pinned_fetch "$spec" "$work/${spec%@*}" "${entry#* }" "web vendor files"
done

# The installed files. Preact's hooks import the bare specifier "preact", which a browser without an
# import map cannot resolve (and an import map would need an inline script, which the CSP forbids), so
# it is rewritten to the relative path of the installed preact module.
stage="$work/stage"
mkdir -p "$stage"
cp "$work/preact/package/dist/preact.mjs" "$stage/preact.module.js"
sed 's#from"preact"#from"./preact.module.js"#g' "$work/preact/package/hooks/dist/hooks.mjs" >"$stage/hooks.module.js"
if grep -q 'from"preact"' "$stage/hooks.module.js" || ! grep -q 'from"./preact.module.js"' "$stage/hooks.module.js"; then
  echo "fetch-web: could not rewrite the preact import of hooks.module.js" >&2
  exit 1
fi
cp "$work/htm/package/dist/htm.module.js" "$stage/htm.module.js"
cp "$work/uplot/package/dist/uPlot.esm.js" "$stage/uPlot.esm.js"
cp "$work/uplot/package/dist/uPlot.min.css" "$stage/uPlot.min.css"
cp "$work/preact/package/LICENSE" "$stage/LICENSE.preact"
cp "$work/htm/package/LICENSE" "$stage/LICENSE.htm"
cp "$work/uplot/package/LICENSE" "$stage/LICENSE.uplot"
# The package ships no LICENSE file; its package.json names the licence (Apache-2.0) and the version.
mkdir -p "$stage/mediapipe"
for f in "${MEDIAPIPE_FILES[@]}"; do cp "$work/@mediapipe/pose/package/$f" "$stage/mediapipe/$f"; done

pinned_install "$stage" "installed files" "files"
