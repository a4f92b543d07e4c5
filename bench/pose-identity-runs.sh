#!/usr/bin/env bash
# Whole-run cost of the people scan: `physio pose <video> --list-people` and `--follow <id>`, each run
# alternately with the same-run baseline `physio pose <video> -o x.json`, N pairs, medians of wall and CPU
# (user + system) seconds. Results go to bench/RESULTS.md by hand, with the machine, date and load.
#
#   bench/pose-identity-runs.sh [physio binary] [video] [pairs]
#
# Defaults: build/release/bin/physio, ../shared/data/sports2d-demo/demo.mp4, 5 pairs. Models from
# PHYSIO_MODELS_DIR (or wherever physio finds them).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
physio="${1:-$here/build/release/bin/physio}"
video="${2:-$here/../shared/data/sports2d-demo/demo.mp4}"
pairs="${3:-5}"
for f in "$physio" "$video"; do
  [[ -e "$f" ]] || { echo "pose-identity-runs: $f: no such file" >&2; exit 2; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# One timed run: appends "wall cpu" to the named file.
timed() {
  local out="$1"
  shift
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$physio" "$@" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/t" >>"$out"
}

median() {  # column $2 of file $1
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { m = int((NR + 1) / 2); print v[m] }'
}

echo "start $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in list follow; do
  : >"$tmp/base_$kind"
  : >"$tmp/$kind"
  for ((i = 0; i < pairs; ++i)); do
    timed "$tmp/base_$kind" pose "$video" -o "$tmp/x.json"
    if [[ $kind == list ]]; then
      timed "$tmp/$kind" pose "$video" --list-people
    else
      timed "$tmp/$kind" pose "$video" --follow 1 -o "$tmp/y.json"
    fi
  done
  printf '%-7s baseline %s s wall, %s s CPU; %s %s s wall, %s s CPU\n' "$kind" \
    "$(median "$tmp/base_$kind" 1)" "$(median "$tmp/base_$kind" 2)" \
    "$([[ $kind == list ]] && echo "--list-people" || echo "--follow 1")" \
    "$(median "$tmp/$kind" 1)" "$(median "$tmp/$kind" 2)"
done
echo "end $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
