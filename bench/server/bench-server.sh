#!/usr/bin/env bash
# Clinic server benchmark: authenticated patient reads per second and latency (p50/p99) at 50 and 500
# concurrent keep-alive connections, on SQLite and on PostgreSQL; memory per idle connection; start-up
# time. The baseline in the same run is GET /healthz (no session, no store). Load comes from wrk on the
# same 2-core machine, so client and server share the CPU: figures are for the pair, as measured.
#   bench/server/bench-server.sh [path/to/physio]     (release build; `make bench` runs it)
#   BENCH_SECONDS=20 (per point)   BENCH_POSTGRES=1 (0: SQLite only)
set -euo pipefail
PHYSIO=$(readlink -f "${1:-build/release/bin/physio}")
SECONDS_PER_POINT=${BENCH_SECONDS:-20}
here="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "bench-server: wrk is missing (apt-get install wrk)"; exit 2; }
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL server runs as the postgres user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${PGDATA_DIR:-}" ]; then runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# start_server NAME [extra serve args...] -> sets PORT, SERVER_PID, STARTUP_MS
start_server() {
  local name=$1; shift
  local log="$work/$name.log"
  local t0; t0=$(date +%s%N)
  "$PHYSIO" serve --listen 127.0.0.1:0 --secure-cookies false --job-workers 0 "$@" >"$log" 2>"$work/$name.err" &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  for _ in $(seq 1 200); do
    if grep -q "listening on" "$log" 2>/dev/null; then break; fi
    sleep 0.025
  done
  PORT=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$log")
  [ -n "$PORT" ] || { cat "$work/$name.err"; echo "bench-server: the server did not start"; exit 1; }
  until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do sleep 0.01; done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# seed ADMIN_ARGS... -> COOKIE, PATIENT
seed() {
  local clinic user
  clinic=$("$PHYSIO" admin "$@" create-clinic "Bench Clinic" 2>/dev/null | tail -1)
  echo "bench password 123" | "$PHYSIO" admin "$@" create-user --clinic "$clinic" --role physiotherapist \
    --email "bench-$RANDOM@bench.example" --no-mfa >/dev/null 2>"$work/user.err" || { cat "$work/user.err"; exit 1; }
  BENCH_EMAIL=$(sed -n 's/^created physiotherapist login \([^ ]*\).*/\1/p' "$work/user.err")
  PATIENT=$("$PHYSIO" admin "$@" create-patient --clinic "$clinic" --given Bench --family Patient --birth-date 1970-01-01 | tail -1)
}

login() {
  local hdr
  hdr=$(curl -s -D - -o "$work/login.json" -H 'content-type: application/json' \
    -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"bench password 123\"}" "http://127.0.0.1:$PORT/api/login")
  COOKIE=$(printf '%s' "$hdr" | sed -n 's/^set-cookie: \(physio_session=[^;]*\).*/\1/Ip' | tr -d '\r')
  [ -n "$COOKIE" ] || { cat "$work/login.json"; echo "bench-server: login failed"; exit 1; }
}

# run_wrk CONNECTIONS PATH [cookie] -> prints "rps p50_ms p99_ms errors"
run_wrk() {
  local c=$1 path=$2 cookie=${3:-}
  local args=(-t2 -c"$c" -d"${SECONDS_PER_POINT}s" --latency --timeout 10s)
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  wrk "${args[@]}" -s "$here/report.lua" "http://127.0.0.1:$PORT$path" 2>/dev/null | sed -n 's/^RESULT //p'
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

bench_store() {
  local label=$1; shift
  seed "$@"
  start_server "$label" "$@" --worker-threads 64
  echo "## $label: start-up to ready ${STARTUP_MS} ms"
  login
  for c in 50 500; do
    echo "$label c=$c baseline GET /healthz: $(run_wrk "$c" /healthz)"
    echo "$label c=$c GET /api/patients/{id} (authenticated, audited): $(run_wrk "$c" "/api/patients/$PATIENT" "$COOKIE")"
  done
  local before after
  before=$(rss_kb "$SERVER_PID")
  python3 "$here/idle_connections.py" 127.0.0.1 "$PORT" 1000 "$work/idle.ready" &
  local py=$!
  pids+=("$py")
  for _ in $(seq 1 600); do [ -f "$work/idle.ready" ] && break; sleep 0.05; done
  sleep 1
  after=$(rss_kb "$SERVER_PID")
  kill "$py" 2>/dev/null || true
  echo "$label memory: RSS ${before} kB -> ${after} kB with 1000 idle keep-alive connections: $(( (after - before) * 1024 / 1000 )) bytes per connection"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
}

echo "# physio serve benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${SECONDS_PER_POINT} s per point, wrk -t2"
bench_store sqlite --data "$work/sqlite"

if [ "${BENCH_POSTGRES:-1}" = 1 ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  PGBIN=/usr/lib/postgresql/15/bin
  PGPORT=$(free_port)
  PGROOT="$work/pg"; mkdir -p "$PGROOT"; chown postgres:postgres "$PGROOT"
  PGDATA_DIR="$PGROOT/data"
  runuser -u postgres -- $PGBIN/initdb -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 >/dev/null
  # Durable settings (fsync on) as a clinic would run it.
  runuser -u postgres -- $PGBIN/pg_ctl -D "$PGDATA_DIR" -l "$PGROOT/pg.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c max_connections=200" >/dev/null
  runuser -u postgres -- $PGBIN/createdb -h 127.0.0.1 -p "$PGPORT" -U postgres physio
  bench_store postgresql --postgres "postgresql://postgres@127.0.0.1:$PGPORT/physio"
fi
