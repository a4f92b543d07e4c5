#!/usr/bin/env bash
# `make run`: the engine demo (outputs in out/), then a demo clinic served on 127.0.0.1 until Ctrl-C.
#   scripts/run-demo.sh [path/to/physio]      PHYSIO_DEMO_PORT=8080 by default
set -euo pipefail
PHYSIO=${1:-build/release/bin/physio}
PORT=${PHYSIO_DEMO_PORT:-8080}
mkdir -p out
"$PHYSIO" demo -o out
echo
# Created on the first run (passwords generated then and kept in out/clinic/demo-logins.txt, mode 600).
"$PHYSIO" demo-clinic --data out/clinic
echo
echo "Open http://127.0.0.1:$PORT/ and sign in with one of the logins above. Ctrl-C stops the server."
# Plain HTTP on loopback only: the session cookie cannot carry the Secure flag here.
exec "$PHYSIO" serve --data out/clinic --listen "127.0.0.1:$PORT" --secure-cookies false --job-workers 1 \
  --synthetic-data true
