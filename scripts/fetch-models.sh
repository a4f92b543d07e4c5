#!/usr/bin/env bash
# Fetches the BlazePose models (Apache-2.0) from the pinned npm package @mediapipe/pose, checks them and
# installs them into <repo>/models/ (or $PHYSIO_MODELS_DIR, or --models DIR). Idempotent and quiet:
# when the four files are present with the committed sha256 sums it only re-checks them and exits.
# Without npm it prints a note and exits 0, so everything except pose still builds and tests.
#   scripts/fetch-models.sh [--models DIR]
set -euo pipefail

PACKAGE="@mediapipe/pose@0.5.1675469404"
TARBALL_SHA1="8f81e64c6561b2357a021a134b54de0204bafc72"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
sums="$here/models.sha256"
dest="${PHYSIO_MODELS_DIR:-$repo/models}"

while (($#)); do
  case "$1" in
    --models)
      [ $# -ge 2 ] || { echo "fetch-models: --models needs a directory" >&2; exit 2; }
      dest="$2"; shift 2 ;;
    --models=*) dest="${1#--models=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-models: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

PINNED_TAG=fetch-models
PINNED_SUMS="$sums"
PINNED_DEST="$dest"
# shellcheck source=lib/pinned-npm.sh
. "$here/lib/pinned-npm.sh"

# The four installed files, in models.sha256 order: "<sha256>  <installed name>".
if pinned_installed; then
  exit 0
fi

pinned_need_npm "BlazePose models not fetched (pose estimation will be unavailable)."
pinned_workdir
work="$PINNED_WORK"
pinned_fetch "$PACKAGE" "$work" "$TARBALL_SHA1" "models"

# The detector ships as the packed asset file of the web solution; whole, it is pose_detection.tflite.
stage="$work/stage"
mkdir -p "$stage"
cp "$work/package/pose_solution_packed_assets.data" "$stage/pose_detection.tflite"
for m in lite full heavy; do
  cp "$work/package/pose_landmark_$m.tflite" "$stage/"
done

pinned_require_sums "the models"
pinned_install "$stage" "model checksums" "BlazePose models"
