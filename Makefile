# physiokit: two commands do everything on a fresh Debian 12 machine.
#   make run    install what running needs, build the release `physio` binary, run the demo job, serve the
#               demo clinic
#   make test   install everything (test tooling too), build with sanitizers (dev preset), run every test
.PHONY: run test test-live-clips deps deps-run build-release build-dev bench format clean

JOBS ?= $(shell nproc)

deps:
	@scripts/install-deps.sh test

deps-run:
	@scripts/install-deps.sh run

# `make run` builds only what it runs: the physio binary (no benchmarks, no tests).
build-release: deps-run
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(JOBS) --target physio

build-dev: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j$(JOBS)

run: build-release
	@scripts/run-demo.sh build/release/bin/physio

test: build-dev
	@ctest --preset dev

# Opt-in (about 15 minutes): every shared real clip played to the patient's live page through Chromium's fake
# camera, against the batch path (tests/web/real-clips-live.slow.mjs, docs/validation/real-video.md).
test-live-clips: build-dev
	@node tests/web/run.mjs --physio build/dev/bin/physio --shared $${PHYSIO_SHARED_DATA_DIR:-../shared/data} tests/web/real-clips-live.slow.mjs

bench: deps
	@cmake --preset release -DPHYSIO_BUILD_BENCH=ON >/dev/null
	@cmake --build --preset release -j$(JOBS)
	@scripts/run-bench.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build out
