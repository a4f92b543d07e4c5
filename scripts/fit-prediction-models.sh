#!/usr/bin/env bash
# Fits the prediction models physiokit ships from named public data, reproducibly, and writes each model's card:
#   data/models/predict/<model>.json   the model (NHS PROMs, Open Government Licence v3.0: may ship with attribution)
#   docs/models/<model>.md             its card (TRIPOD+AI items, validation on the later year)
# and the no-show method's benchmark card on the public 2016 set (CC BY-NC-SA: the fitted model is NOT kept):
#   docs/models/noshow-benchmark.md
# Usage: scripts/fit-prediction-models.sh [path/to/physio] [shared data folder]
set -euo pipefail
cd "$(dirname "$0")/.."
PHYSIO=${1:-build/release/bin/physio}
DATA=${2:-../shared/data}
PROMS="$DATA/nhs-proms-hip-knee"
NOSHOW="$DATA/noshow/KaggleV2-May-2016.csv"
[ -x "$PHYSIO" ] || { echo "fit-prediction-models: no physio binary at $PHYSIO (build it first)" >&2; exit 2; }
[ -d "$PROMS" ] || { echo "fit-prediction-models: $PROMS is absent: the PROMs models need it" >&2; exit 3; }
mkdir -p data/models/predict docs/models

fit() {  # model, train file, validation file
  echo "== $1"
  "$PHYSIO" predict train --model "$1" --data "$PROMS/$2" --validate "$PROMS/$3" \
    -o "data/models/predict/$1.json" --card "docs/models/$1.md"
}
fit knee_nonresponse "Knee Replacement CCG 1617.csv.zip" "Knee Replacements CCG 1718.csv.zip"
fit hip_nonresponse "Hip Replacement CCG 1617.csv.zip" "Hip Replacements CCG 1718.csv.zip"
fit knee_score_6m "Knee Replacement CCG 1617.csv.zip" "Knee Replacements CCG 1718.csv.zip"
fit hip_score_6m "Hip Replacement CCG 1617.csv.zip" "Hip Replacements CCG 1718.csv.zip"

if [ -f "$NOSHOW" ]; then
  echo "== noshow (method benchmark; the fitted model is deleted: its data's licence forbids shipping it)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$PHYSIO" predict train --model noshow --data "$NOSHOW" --split-date 2016-05-25 \
    -o "$tmp/noshow.json" --card docs/models/noshow-benchmark.md
fi
