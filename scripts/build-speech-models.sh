#!/usr/bin/env bash
# Builds physiokit's adapted speech model from files in the repository (docs/validation/scribe.md, "Speech
# models"); nothing it writes is committed.
#   scripts/build-speech-models.sh [OUT]      OUT defaults to build/speech-models
# Writes OUT/physio.lm.bin (a trigram model of physiotherapy visit wording, Witten-Bell smoothed, built with
# IRSTLM and converted by sphinx_lm_convert), OUT/physio.dict (Debian's cmudict-en-us.dict plus espeak-ng
# pronunciations of the words it lacks), OUT/weight (the physiotherapy model's share when it is interpolated
# with the stock en-us model at recognition time), OUT/corpus.txt and OUT/SHA256SUMS. Deterministic: the
# same repository files and Debian packages give the same bytes (tests/scribe check it by hashing). Quiet
# and quick when OUT is up to date with its inputs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/speech-models}
STOCK=${PHYSIO_POCKETSPHINX_MODEL:-/usr/share/pocketsphinx/model/en-us}
IRSTLM_BIN=/usr/lib/irstlm/bin
# The physiotherapy model's interpolation weight (docs/validation/scribe.md: chosen on the development
# consultations' synthesised audio, never on the held-out ones).
WEIGHT=0.3

for tool in python3 espeak-ng sphinx_lm_convert "$IRSTLM_BIN/build-lm.sh" "$IRSTLM_BIN/compile-lm"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-speech-models: $tool is missing (scripts/install-deps.sh installs irstlm, sphinxbase-utils," \
      "espeak-ng and python3)" >&2
    exit 3
  fi
done
if [ ! -f "$STOCK/cmudict-en-us.dict" ]; then
  echo "build-speech-models: $STOCK/cmudict-en-us.dict is missing (install pocketsphinx-en-us)" >&2
  exit 3
fi

INPUTS=(
  "$ROOT"/data/scribe/speech/*.txt "$ROOT"/data/scribe/*.json "$ROOT"/data/exercises/*.json
  "$ROOT"/data/measures/*.json "$ROOT"/scripts/lib/speech_corpus.py "$ROOT"/scripts/lib/speech_dict.py
  "$0" "$STOCK/cmudict-en-us.dict"
)
stamp=$(cat "${INPUTS[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/inputs.sha256" ] && [ "$(cat "$OUT/inputs.sha256")" = "$stamp" ] && [ -f "$OUT/physio.lm.bin" ]; then
  exit 0
fi

mkdir -p "$OUT"
work=$(mktemp -d "$OUT/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

python3 "$ROOT/scripts/lib/speech_corpus.py" "$ROOT" >"$work/corpus.txt"
export IRSTLM=/usr/lib/irstlm
"$IRSTLM_BIN/add-start-end.sh" <"$work/corpus.txt" >"$work/corpus.se"
"$IRSTLM_BIN/build-lm.sh" -i "$work/corpus.se" -n 3 -o "$work/physio.ilm.gz" -k 1 -s witten-bell \
  -t "$work/stat" >"$work/build-lm.log" 2>&1
"$IRSTLM_BIN/compile-lm" --text=yes "$work/physio.ilm.gz" "$work/physio.arpa" >"$work/compile-lm.log" 2>&1
sphinx_lm_convert -i "$work/physio.arpa" -o "$work/physio.lm.bin" >"$work/convert.log" 2>&1

# The words of the model, for the dictionary.
sed -n '/\\1-grams:/,/\\2-grams:/p' "$work/physio.arpa" | awk 'NF >= 2 { print $2 }' | sort -u >"$work/vocab.txt"
python3 "$ROOT/scripts/lib/speech_dict.py" "$STOCK/cmudict-en-us.dict" "$work/vocab.txt" \
  >"$work/physio.dict" 2>"$work/dict.log"

cp "$work/physio.lm.bin" "$work/physio.dict" "$work/corpus.txt" "$work/physio.arpa" "$OUT/"
echo "$WEIGHT" >"$OUT/weight"
(cd "$OUT" && sha256sum physio.lm.bin physio.dict weight corpus.txt physio.arpa >SHA256SUMS)
echo "$stamp" >"$OUT/inputs.sha256"
echo "build-speech-models: $(wc -l <"$work/corpus.txt") sentences, $(wc -l <"$work/vocab.txt") words;" \
  "$(sed 's/^speech_dict: //' "$work/dict.log" | cut -d: -f1) -> $OUT"
