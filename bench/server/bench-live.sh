#!/usr/bin/env bash
# Live sessions under load: N concurrent sessions streaming BlazePose landmarks (image + world, 1,072-byte
# frames) at 30 frames/s into one `physio serve`, played by `physio live-sim` over the real protocol.
# Reports per N: frame-to-event latency p50/p99/max (a frame's write on the client to the arrival of the
# event or acknowledgement it produced), frames sent vs acknowledged, sessions that failed, and the server's
# memory per open session (peak RSS minus RSS before the sessions, over N), the server's CPU time per frame
# (user + system, from /proc), the client's CPU and the load average when the point ended. The client runs
# on the same 2-core machine as the server, so figures are for the pair, as measured.
#   bench/server/bench-live.sh [path/to/physio] [N ...]      (default N: 250 500 1000 1500 2000)
#   BENCH_LIVE_SECONDS=20 (per session)
#   BENCH_LIVE_SERVE_ARGS="--io-threads 1" (added to `physio serve`)
#   BENCH_LIVE_CLIENT=path/to/physio (the load generator's binary; default: the server's)
set -euo pipefail
PHYSIO=$(readlink -f "${1:-build/release/bin/physio}")
CLIENT=$(readlink -f "${BENCH_LIVE_CLIENT:-$PHYSIO}")
shift || true
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(250 500 1000 1500 2000)
SECONDS_PER_SESSION=${BENCH_LIVE_SECONDS:-20}
ulimit -n 65536 2>/dev/null || ulimit -n 8192
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${BENCH_LIVE_KEEP:-}" ] && trap - EXIT

"$PHYSIO" demo -o "$work/demo" >/dev/null
landmarks="$work/demo/demo_squat_landmarks.json"
data="$work/data"
clinic=$("$PHYSIO" admin --data "$data" create-clinic "Live Bench Clinic" 2>/dev/null | tail -1)
echo "bench password 123" | "$PHYSIO" admin --data "$data" create-user --clinic "$clinic" \
  --role physiotherapist --email live@bench.example --no-mfa >/dev/null 2>&1
patient=$("$PHYSIO" admin --data "$data" create-patient --clinic "$clinic" --given Live --family Bench \
  --birth-date 1970-01-01 | tail -1)

# shellcheck disable=SC2086
"$PHYSIO" serve --data "$data" --listen 127.0.0.1:0 --secure-cookies false --job-workers 0 \
  ${BENCH_LIVE_SERVE_ARGS:-} >"$work/serve.log" 2>"$work/serve.err" &
server=$!
pids+=("$server")
for _ in $(seq 1 200); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.025; done
port=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log")
[ -n "$port" ] || { cat "$work/serve.err"; echo "bench-live: the server did not start"; exit 1; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }  # utime + stime, clock ticks

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%d)"
echo "server: $PHYSIO ${BENCH_LIVE_SERVE_ARGS:-(default settings)}; client: $CLIENT"
printf '%-8s %-10s %-10s %-10s %-22s %-8s %-12s %-14s %-12s %s\n' sessions p50_ms p99_ms max_ms "frames sent/acked" \
  failed "KB/session" "server_us/frame" "client_cpu_s" "load(1 min)"
for n in "${COUNTS[@]}"; do
  base=$(rss_kb)
  peak=$base
  cpu0=$(cpu_ticks)
  ( while kill -0 "$server" 2>/dev/null; do r=$(rss_kb); echo "$r"; sleep 0.5; done ) >"$work/rss.$n" &
  sampler=$!
  echo "bench password 123" | /usr/bin/time -f "%U %S" -o "$work/time.$n" "$CLIENT" live-sim \
    --url "http://127.0.0.1:$port" --user live@bench.example \
    --password-stdin --patient "$patient" --exercise deep_squat --landmarks "$landmarks" --sessions "$n" \
    --seconds "$SECONDS_PER_SESSION" --stagger 5 --no-wait -o "$work/live.$n.json" >"$work/sim.$n.log" 2>&1 || true
  kill "$sampler" 2>/dev/null || true
  cpu1=$(cpu_ticks)
  load=$(cut -d' ' -f1 /proc/loadavg)
  client=$(awk '{print $1 + $2}' "$work/time.$n" 2>/dev/null || echo 0)
  peak=$(sort -n "$work/rss.$n" | tail -1)
  python3 - "$work/live.$n.json" "$n" "$base" "${peak:-$base}" "$((cpu1 - cpu0))" "$(getconf CLK_TCK)" \
    "$client" "$load" <<'PY'
import json, sys
path, n, base, peak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ticks, hz, client, load = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8]
try:
    d = json.load(open(path))
except Exception as e:
    print(f"{n:<8} live-sim failed: {e}")
    sys.exit(0)
l = d["latency_ms"]
failed = sum(1 for s in d["sessions"] if not s.get("set_complete") or s.get("error") or s.get("refused"))
us_per_frame = ticks / hz * 1e6 / max(1, d["frames_acknowledged"])  # includes session set-up and storing
print(f"{n:<8} {l['p50']:<10} {l['p99']:<10} {l['max']:<10} {str(d['frames_sent'])+'/'+str(d['frames_acknowledged']):<22} {failed:<8} {(peak-base)/n:<12.1f} {us_per_frame:<14.1f} {client:<12} {load}")
PY
  sleep 3
done
