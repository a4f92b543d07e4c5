#!/usr/bin/env bash
# Renders the spoken cues of the live sessions with Debian's espeak-ng (no cloud speech): every cue text
# of the exercise library (data/exercises/*.json) and the numbers 1-30 (repetition counts), one small
# WAV file each, into <repo>/web/static/cues/ (generated, git-ignored, served as /static/cues/), with
# manifest.json: per exercise its laterality, view, joints and the file of each rule's cue; per number
# its file. Idempotent and quiet: files already rendered from the same text are kept. Without espeak-ng
# it writes the manifest without sounds and prints a note (the page then shows cues without speaking).
#   scripts/render-cues.sh [--dest DIR] [--voice VOICE]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
dest="$repo/web/static/cues"
voice="en-gb"

while (($#)); do
  case "$1" in
    --dest) [ $# -ge 2 ] || { echo "render-cues: --dest needs a directory" >&2; exit 2; }; dest="$2"; shift 2 ;;
    --voice) [ $# -ge 2 ] || { echo "render-cues: --voice needs a name" >&2; exit 2; }; voice="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "render-cues: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

if ! command -v node >/dev/null 2>&1; then
  echo "render-cues: node is not installed; spoken cues not rendered" >&2
  exit 0
fi
speak=""
if command -v espeak-ng >/dev/null 2>&1; then speak="espeak-ng"; else
  echo "render-cues: espeak-ng is not installed (apt-get install espeak-ng); the live page will show cues without speaking them"
fi

mkdir -p "$dest"
# The texts to render and the manifest, from the library; a file is named after a hash of its text and
# voice, so a changed text gets a new file and an unchanged one is not rendered again.
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
node - "$repo/data/exercises" "$dest" "$voice" "$speak" >"$list" <<'EOF'
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const [dir, dest, voice, speak] = process.argv.slice(2);
const fileOf = (text) => `c-${crypto.createHash('sha256').update(`${voice}\n${text}`).digest('hex').slice(0, 16)}.wav`;
const texts = new Map();
const manifest = { voice, spoken: !!speak, exercises: {}, numbers: {} };
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const ex = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const cues = {};
  for (const r of ex.rules || []) {
    if (typeof r.cue !== 'string' || !r.cue) continue;
    cues[r.id] = fileOf(r.cue);
    texts.set(cues[r.id], r.cue);
  }
  manifest.exercises[ex.id] = { laterality: ex.laterality, view: ex.view, kind: ex.kind, joints: ex.joints || [], cues };
}
for (let n = 1; n <= 30; n++) {
  manifest.numbers[n] = fileOf(String(n));
  texts.set(manifest.numbers[n], String(n));
}
const out = JSON.stringify(manifest, null, 1) + '\n';
const target = path.join(dest, 'manifest.json');
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== out) {
  fs.writeFileSync(`${target}.tmp`, out);
  fs.renameSync(`${target}.tmp`, target);
}
for (const [file, text] of texts) process.stdout.write(`${file}\t${text}\n`);
EOF

[ -n "$speak" ] || exit 0
made=0
while IFS=$'\t' read -r file text; do
  [ -s "$dest/$file" ] && continue
  espeak-ng -v "$voice" -s 160 -w "$dest/$file.tmp" "$text"
  mv -f "$dest/$file.tmp" "$dest/$file"
  made=$((made + 1))
done <"$list"
if ((made)); then echo "render-cues: rendered $made spoken cues into $dest"; fi
