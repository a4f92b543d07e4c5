#!/usr/bin/env bash
# Cold build times: configures and builds a preset in a scratch folder with an empty compiler cache, then
# prints the wall time and where it went (per target and the slowest translation units, from ninja's log).
#   bench/build-times.sh [dev|release] [extra cmake -D options...]
# Example: bench/build-times.sh dev -DPHYSIO_UNITY=OFF     (the build without unity batches)
# ninja's log is kept in $BUILD_TIMES_LOG (default /tmp/physio-build-times.ninja_log).
# Runs for tens of minutes on 2 cores; nothing else should be running. Results: bench/RESULTS.md,
# "Build times".
set -euo pipefail
preset=${1:-dev}
shift || true
here="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d /tmp/physio-build-times.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
export CCACHE_DIR="$scratch/ccache"  # an empty cache: a first build on a new machine
bin="$scratch/build"
start=$(date +%s)
cmake -S "$here" -B "$bin" --preset "$preset" "$@" >/dev/null
target=()
if [ "$preset" = release ]; then target=(--target physio); fi
cmake --build "$bin" -j"$(nproc)" "${target[@]}" >/dev/null
end=$(date +%s)
cp "$bin/.ninja_log" "${BUILD_TIMES_LOG:-/tmp/physio-build-times.ninja_log}"
echo "preset $preset $*: cold build $((end - start)) s wall on $(nproc) cores ($(date -u +%FT%TZ))"
python3 - "$bin/.ninja_log" <<'PY'
import collections, sys
edges = []
for line in open(sys.argv[1]):
    if line.startswith('#'):
        continue
    start, end, _, out, _ = line.rstrip('\n').split('\t')
    edges.append((int(end) - int(start), out))
objs = [e for e in edges if e[1].endswith('.o')]
print(f"{len(objs)} translation units, {sum(d for d, _ in objs) / 1000:.0f} s of compiler time")
others = [e for e in edges if not e[1].endswith('.o')]
print(f"{len(others)} other steps (links, precompiled headers, generated files), {sum(d for d, _ in others) / 1000:.0f} s")
for d, out in sorted(others, reverse=True)[:5]:
    print(f"  {d / 1000:7.1f}  {out}")
by = collections.Counter()
for d, out in objs:
    key = out.split('CMakeFiles/')[1].split('.dir')[0] if 'CMakeFiles/' in out else out
    by[key] += d
print("targets by compiler time (s):")
for key, d in by.most_common(15):
    print(f"  {d / 1000:7.1f}  {key}")
print("slowest translation units (s):")
for d, out in sorted(objs, reverse=True)[:10]:
    print(f"  {d / 1000:7.1f}  {out}")
PY
