#!/usr/bin/env bash
# Word error rate of physio scribe transcribe, stock vs adapted model, on audio anyone can regenerate
# (docs/validation/scribe.md, "Speech recognition: evaluation"; figures in bench/RESULTS.md):
#   (a) speech synthesised by espeak-ng from the human transcripts of the annotated consultations
#       (../shared/data), two voices, clean and with pink noise at 10 dB SNR;
#   (b) recorded read speech with reference transcripts from Debian's pocketsphinx-testdata.
# Also the real-time factor, and the facts extracted from recognised speech against the hand annotations.
#   bench/scribe/speech-bench.sh [PHYSIO] [SET] [MAX_SEGMENTS]
#     PHYSIO        the physio binary (default build/release/bin/physio, else build/speech/bin/physio)
#     SET           held-out (default) or dev
#     MAX_SEGMENTS  first N segments of each consultation (default 20; 0 = whole consultations)
# Everything generated goes to build/scribe-bench/ (never committed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PHYSIO=${1:-}
if [ -z "$PHYSIO" ]; then
  for p in "$ROOT/build/release/bin/physio" "$ROOT/build/speech/bin/physio"; do [ -x "$p" ] && PHYSIO=$p && break; done
fi
SET=${2:-held-out}
MAXSEG=${3:-20}
SHARED=${PHYSIO_SHARED_DATA:-$ROOT/../shared/data}
OUT=$ROOT/build/scribe-bench/$SET-$MAXSEG
TESTDATA=/usr/share/pocketsphinx/test/data
VOICES=(en-us en+f3)
export LC_ALL=C
for tool in espeak-ng sox python3; do
  command -v $tool >/dev/null || { echo "speech-bench: $tool missing (scripts/install-deps.sh test)" >&2; exit 3; }
done
[ -x "$PHYSIO" ] || { echo "speech-bench: no physio binary (build it, or pass its path)" >&2; exit 3; }
[ -d "$SHARED" ] || { echo "speech-bench: shared data $SHARED missing" >&2; exit 3; }
"$ROOT/scripts/build-speech-models.sh"
mkdir -p "$OUT/ref"

# 1. The reference text of each consultation, as physiokit reads it (one segment a line).
"$PHYSIO" scribe eval --annotations "$ROOT/data/scribe/annotations" --set "$SET" --data "$SHARED" \
  --references "$OUT/ref" --max-segments "$MAXSEG" >/dev/null

# 2. Synthesised audio: each segment spoken by espeak-ng (160 words a minute), 0.4 s apart, 16 kHz mono;
#    the noisy copy adds pink noise (sox, repeatable) scaled to 10 dB below the clean file's RMS.
synth() { # voice ref.txt out.wav
  local voice=$1 ref=$2 wav=$3 tmp
  tmp=$(mktemp -d)
  local i=0 parts=()
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    i=$((i + 1))
    espeak-ng -v "$voice" -s 160 -w "$tmp/s$i.raw.wav" -- "$line"
    sox -q "$tmp/s$i.raw.wav" -r 16000 -c 1 -b 16 "$tmp/s$i.wav" pad 0 0.4
    parts+=("$tmp/s$i.wav")
  done <"$ref"
  sox -q "${parts[@]}" "$wav"
  rm -rf "$tmp"
}
add_noise() { # clean.wav noisy.wav
  local rms dur nrms gain
  rms=$(sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
  dur=$(soxi -D "$1")
  sox -q -R -n -r 16000 -c 1 -b 16 "$2.noise.wav" synth "$dur" pinknoise vol 0.5
  nrms=$(sox "$2.noise.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
  gain=$(python3 -c "print($rms / $nrms / 10 ** (10 / 20))")
  sox -q -R -m -v 1 "$1" -v "$gain" "$2.noise.wav" -b 16 "$2"
  rm -f "$2.noise.wav"
}
for vi in 0 1; do
  voice=${VOICES[$vi]}
  for cond in clean noise10; do mkdir -p "$OUT/audio/v$((vi + 1))-$cond"; done
  for ref in "$OUT"/ref/*.txt; do
    id=$(basename "$ref" .txt)
    clean=$OUT/audio/v$((vi + 1))-clean/$id.wav
    noisy=$OUT/audio/v$((vi + 1))-noise10/$id.wav
    [ -f "$clean" ] || synth "$voice" "$ref" "$clean"
    [ -f "$noisy" ] || add_noise "$clean" "$noisy"
  done
done

# 3. Recognition with each model; WER through physio scribe eval (src/scribe/wer.hpp's normalisation).
results=$OUT/results.tsv
printf "audio\tmodel\tconsultations\twer\tsubstitutions\tdeletions\tinsertions\treference_words\taudio_s\telapsed_s\n" >"$results"
for cond_dir in "$OUT"/audio/*; do
  cond=$(basename "$cond_dir")
  for model in stock adapted; do
    hyp=$OUT/hyp/$cond-$model
    mkdir -p "$hyp"
    for wav in "$cond_dir"/*.wav; do
      id=$(basename "$wav" .wav)
      [ -f "$hyp/$id.json" ] || "$PHYSIO" scribe transcribe "$wav" --model "$model" -o "$hyp/$id.json" 2>"$hyp/$id.log"
    done
    "$PHYSIO" scribe eval --annotations "$ROOT/data/scribe/annotations" --set "$SET" --data "$SHARED" \
      --hypotheses "$hyp" --max-segments "$MAXSEG" -o "$hyp/eval.json" >/dev/null
    python3 - "$hyp" "$cond" "$model" >>"$results" <<'PY'
import json, sys, glob
d, cond, model = sys.argv[1:4]
w = json.load(open(d + "/eval.json"))["wer"]
a = e = 0.0
for f in glob.glob(d + "/*.json"):
    j = json.load(open(f))
    if "recognizer" in j:
        a += j["recognizer"]["audio_s"]; e += j["recognizer"]["elapsed_s"]
print(f"synth-{cond}\t{model}\t{w['consultations']}\t{w['wer']:.4f}\t{w['substitutions']}\t{w['deletions']}\t{w['insertions']}\t{w['reference_words']}\t{a:.1f}\t{e:.1f}")
PY
  done
done

# 4. Recorded speech: pocketsphinx-testdata's LibriVox and card-name utterances with their transcripts.
if [ -d "$TESTDATA/librivox" ]; then
  for model in stock adapted; do
    hyp=$OUT/real/$model
    mkdir -p "$hyp"
    python3 - "$PHYSIO" "$model" "$hyp" "$TESTDATA" >>"$results" <<'PY'
import json, os, re, subprocess, sys
physio, model, out, data = sys.argv[1:5]
pairs = []
for sub, tfile in (("librivox", "transcription"), ("cards", "cards.transcription")):
    for line in open(os.path.join(data, sub, tfile)):
        m = re.match(r"<s>(.*)</s>\s*\((\S+)\)", line.strip())
        if m:
            pairs.append((os.path.join(data, sub, m.group(2) + ".wav"), m.group(1).strip()))
refs, hyps, a, e = [], [], 0.0, 0.0
for wav, ref in pairs:
    j = os.path.join(out, os.path.basename(wav) + ".json")
    if not os.path.exists(j):
        subprocess.run([physio, "scribe", "transcribe", wav, "--model", model, "-o", j], check=True,
                       stderr=subprocess.DEVNULL)
    t = json.load(open(j))
    refs.append(ref)
    hyps.append(" ".join(s["text"] for s in t["segments"]))
    a += t["recognizer"]["audio_s"]; e += t["recognizer"]["elapsed_s"]
open(os.path.join(out, "ref.txt"), "w").write("\n".join(refs) + "\n")
open(os.path.join(out, "hyp.txt"), "w").write("\n".join(hyps) + "\n")
r = subprocess.run([physio, "scribe", "wer", os.path.join(out, "ref.txt"), os.path.join(out, "hyp.txt")],
                   capture_output=True, text=True, check=True)
w = json.loads(r.stdout)
print(f"real-pocketsphinx-testdata\t{model}\t{len(pairs)}\t{w['wer']:.4f}\t{w['substitutions']}\t{w['deletions']}\t{w['insertions']}\t{w['reference_words']}\t{a:.1f}\t{e:.1f}")
PY
  done
fi
column -t -s $'\t' "$results"
echo "speech-bench: results in $results"
