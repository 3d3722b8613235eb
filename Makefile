# DLI "Binding a Queue" conformance suite.
#
#   make conformance   the suite against DLI_ENDPOINT, or the embedded emulator when unset
#   make test          every test of the project, with the race detector
#   make bench         benchmarks: hot paths against their ceilings, the suite against a slow cloud, the rest
#   make docs          rewrite the generated sections of README.md and docs/

GO         ?= go
REPORT_DIR ?= $(CURDIR)/reports
export DLI_REPORT_DIR ?= $(REPORT_DIR)

include fuzz.mk

.PHONY: conformance test unit parallel bench build emulator list docs lint fmt-check vet tidy-check size-check clean

# Built first rather than `go run`, which would turn every exit code into 1.
conformance: build
	bin/dli-conformance run

test: lint unit parallel sdk

# The Huawei Cloud Go SDK against the emulator: a module of its own (sdkcheck/), so
# that the main module does not download the SDK.
.PHONY: sdk
sdk:
	cd sdkcheck && $(GO) vet ./... && $(GO) test -race -count=1 ./...

# Unit tests, the emulator's tests, the broken-target and legal-implementation
# runs (in process, many at once: they wait on their targets far more than they
# compute) and the Ginkgo suite against the embedded emulator.
TEST_PARALLEL ?= 8
# Ginkgo refuses go test's -parallel, so the suite's own package runs apart.
# The command's package runs a hundred whole runs to prove verdicts; the race
# detector watches the same engine and checks in the packages' own tests and
# in the Ginkgo runs of ./suites, and would only make these runs slower.
CMD_PKG := ./cmd/dli-conformance
unit:
	env -u DLI_ENDPOINT DLI_REPORT_DIR=$(REPORT_DIR)/serial $(GO) test -race -count=1 -parallel $(TEST_PARALLEL) $$($(GO) list ./... | grep -v -e '/suites$$' -e '/cmd/dli-conformance$$')
	env -u DLI_ENDPOINT DLI_REPORT_DIR=$(REPORT_DIR)/serial $(GO) test -race -count=1 ./suites
	env -u DLI_ENDPOINT DLI_REPORT_DIR=$(REPORT_DIR)/serial $(GO) test -count=1 -parallel $(TEST_PARALLEL) $(CMD_PKG)

# The suite again, in parallel and in random order, to prove both give the same result.
parallel:
	env -u DLI_ENDPOINT DLI_REPORT_DIR=$(REPORT_DIR)/parallel $(GO) tool ginkgo -p --randomize-all --race --fail-on-empty ./suites

lint: fmt-check vet tidy-check size-check

# go.mod and go.sum must be what `go mod tidy` makes of them, in both modules.
tidy-check:
	@$(GO) mod tidy -diff || { echo "go.mod is not tidy: run go mod tidy"; exit 1; }
	@cd sdkcheck && $(GO) mod tidy -diff || { echo "sdkcheck/go.mod is not tidy: run go mod tidy in sdkcheck"; exit 1; }

# No built binary or generated report in git: no tracked file is over 1 MB.
size-check:
	@big=$$(git ls-files -z 2>/dev/null | xargs -0 -r stat -c '%s %n' 2>/dev/null | awk '$$1 > 1048576 {print $$2}'); \
	if [ -n "$$big" ]; then echo "tracked files over 1 MB:"; echo "$$big"; exit 1; fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# First the hot paths beside their ceilings, in the same run, five times each as the
# machine may be shared (ratio-vs-bare: the emulator over a bare net/http handler
# answering the same bytes; ratio: the validating proxy over a bare
# httputil.ReverseProxy in front of the same emulator; one client, then ten at once);
# then the suite against a slow cloud beside the fast emulator, once (it takes
# minutes); then every other benchmark.
BENCH_RATIOS = BindLoopback|BindLoopbackConcurrent|ProxyVsReverseProxy|ProxyVsReverseProxyConcurrent
bench:
	$(GO) test -run '^$$' -bench '^Benchmark($(BENCH_RATIOS))$$' -benchtime=2s -count=5 ./internal/emulator ./internal/proxy
	$(GO) test -run '^$$' -bench '^BenchmarkSuiteAgainstSlowCloud$$' -benchtime=1x -timeout 60m ./internal/inprocess
	$(GO) test -run '^$$' -bench . -skip '^Benchmark($(BENCH_RATIOS)|SuiteAgainstSlowCloud)$$' -benchmem -benchtime=2s ./...

build:
	$(GO) build -o bin/dli-conformance ./cmd/dli-conformance

emulator:
	$(GO) run ./cmd/dli-conformance emulator $${DLI_AUTH_TOKEN:+--token "$$DLI_AUTH_TOKEN"}

list:
	$(GO) run ./cmd/dli-conformance run --list

# The settings table, the requirement list, the emulator's choices and defects, the
# action's inputs and the counts in README.md and docs/, from the code; a test of
# internal/docgen fails when they are stale.
docs:
	$(GO) run ./internal/docgen/gen

# Every report run and diff write, by name: REPORT_DIR may hold other files.
REPORT_FILES = report.html summary.md summary.json junit.xml cases.json diff.html diff.json diff.md
clean:
	rm -rf bin $(REPORT_DIR)/serial $(REPORT_DIR)/parallel $(REPORT_DIR)/a $(REPORT_DIR)/b \
		$(addprefix $(REPORT_DIR)/,$(REPORT_FILES))
