# The front door. `make run` and `make test` work on a fresh Debian 12 machine as root:
# each installs what is missing, builds, then runs.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
SLUICE := $(BUILD_DIR)/src/cli/sluice

.PHONY: all deps browser-deps configure build run test unit e2e faults services-test fuzz sanitize bench fmt lint clean

all: build

deps:
	@scripts/install-deps

# The dashboard's browser tests: Debian's chromium and playwright-core (tests/browser/).
browser-deps:
	@scripts/browser-deps

# Warnings are errors here (development, and CI through `make test`); a plain cmake build, as a
# packager runs it, leaves SLUICE_WERROR off.
configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSLUICE_WERROR=ON >/dev/null

# Everything: the binary, every test and benchmark.
build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The embedded pipeline with its dashboard: mock API + `sluice run` on config/local.yaml. Builds
# only the binary it runs, not the tests and benchmarks.
run: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target sluice
	@scripts/run-local $(SLUICE)

# Every test: unit, pipeline and end-to-end (ctest), the real services' tests, then each
# libFuzzer target for 20 s (their own clang build in build-fuzz/). CI runs `make sanitize` after.
test: build browser-deps
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900
	@SLUICE_BUILD_DIR=$(BUILD_DIR) scripts/test-services
	@FUZZ_SECONDS=20 scripts/fuzz-brief

unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

e2e: build browser-deps
	@cd $(BUILD_DIR) && ctest --output-on-failure -L 'e2e|pipeline'

# The fault suite alone (tests/faults/; `test` runs it too), with its tally at the end.
# SLUICE_FAULTS_SEED=N repeats a run's kill moments.
faults: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target sluice
	@cd $(BUILD_DIR) && ctest --output-on-failure -V -L faults

# tests/services/ runs the integration executables (the CQL client's, the Cassandra sink's, the
# Kafka log's and the Kafka log's contract suite): build them first.
services-test: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target integration_cql integration_cassandra_sink \
		integration_kafka integration_kafka_contract
	@SLUICE_BUILD_DIR=$(BUILD_DIR) scripts/test-services

# libFuzzer targets built with clang in build-fuzz/, each run for FUZZ_SECONDS (60 s; `test`
# runs them for 20 s).
fuzz:
	@scripts/fuzz-brief

# The data path's unit tests under ASan + UBSan (in the clang build of `make fuzz`, build-fuzz/),
# then the log's, the processor's and the CQL client's under TSan (build-tsan/) and the Kafka
# consumer's integration suite against a Kafka of its own, one build after the other. CI (.ci/run)
# runs it after `make test`. SANITIZE=address or SANITIZE=thread runs one (scripts/sanitize).
sanitize: deps
	@JOBS=$(JOBS) scripts/sanitize

bench: build
	@scripts/bench-all $(BUILD_DIR)

fmt:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

# clang-tidy over every source, from a configure-only tree without GCC's precompiled header.
lint: deps
	@cmake -S . -B $(BUILD_DIR)-lint -G Ninja -DSLUICE_CLI_PCH=OFF >/dev/null
	@git ls-files 'src/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD_DIR)-lint --quiet

clean:
	rm -rf $(BUILD_DIR)
