#!/usr/bin/env bash
# Runs every benchmark of the release build; medians of 3 repetitions.
set -euo pipefail
for b in build/release/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $b"
  "$b" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
done
# The clinic server under load (wrk; installed by scripts/install-deps.sh).
if [ -x build/release/bin/physio ]; then
  echo "== bench/server/bench-server.sh"
  bench/server/bench-server.sh build/release/bin/physio
fi
