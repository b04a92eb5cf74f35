# Shortlist. `make run` starts the demo; `make test` installs what the tests
# need (idempotently) and runs them all, browser tests included.

GO            ?= go
ADDR          ?= 127.0.0.1:8080
DATA          ?= ./data
HTMX_VERSION  ?= 2.0.11
PICO_VERSION  ?= 2.1.1
# PW_VERSION must equal playwright-go's playwrightCliVersion (v0.5200.1 -> 1.52.0).
PW_VERSION    ?= 1.52.0
PW_DRIVER_DIR ?= $(CURDIR)/.cache/playwright-driver
CHROMIUM      ?= /usr/bin/chromium
# Real data and fixtures the tests read at run time (never copied here).
SHARED        ?= $(abspath $(CURDIR)/../shared)
# Fuzz budgets are counts of executions, not durations: a duration races the
# fuzzing coordinator's deadline on a loaded machine ("context deadline
# exceeded" with no failing input). The webhook handler goes through SQLite
# under coverage instrumentation, a few executions a second.
FUZZ_EXECS    ?= 100000
FUZZ_EXECS_SLOW ?= 40
# Packages with concurrent code run under the race detector (it needs cgo).
RACE_PKGS     ?= ./db/... ./search/... ./app/ingest/... ./app/indexer/... ./app/learner/... ./app/extract/... ./app/greenhouse/... ./app/simulator/... ./app/act/...
SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VERSION       := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -s -w -X main.version=$(VERSION)

.PHONY: all setup tools chromium pw-driver generate check-generated build run test test-unit test-browser \
        test-fuzz bench lint vendor-assets clean

all: build

## setup: everything the build and the tests need, installed only when missing
setup: tools pw-driver chromium

tools:
	$(GO) mod download
	$(GO) tool templ version >/dev/null

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

pw-driver: $(PW_DRIVER_DIR)/package/cli.js
$(PW_DRIVER_DIR)/package/cli.js:
	rm -rf $(PW_DRIVER_DIR) && mkdir -p $(PW_DRIVER_DIR)
	cd $(PW_DRIVER_DIR) && npm pack --silent playwright-core@$(PW_VERSION) >/dev/null \
	  && tar xzf playwright-core-$(PW_VERSION).tgz && rm playwright-core-$(PW_VERSION).tgz
	ln -sfn "$$(command -v node)" $(PW_DRIVER_DIR)/node
	$(PW_DRIVER_DIR)/node $(PW_DRIVER_DIR)/package/cli.js --version

## generate: templ components -> *_templ.go (committed)
generate:
	$(GO) tool templ generate -path views >/dev/null

## check-generated: the *_templ.go files are what templ makes of the .templ files beside them
check-generated:
	@rm -rf .cache/check-generated && mkdir -p .cache/check-generated && cp views/*.templ .cache/check-generated/
	@$(GO) tool templ generate -path .cache/check-generated >/dev/null
	@for f in .cache/check-generated/*_templ.go; do \
	  cmp -s "$$f" "views/$$(basename $$f)" || { echo "views/$$(basename $$f) is stale: run make generate"; exit 1; }; \
	done
	@[ "$$(ls views/*_templ.go | wc -l)" = "$$(ls .cache/check-generated/*_templ.go | wc -l)" ] || { echo "views: a *_templ.go has no .templ source"; exit 1; }

build: generate
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/shortlist ./cmd/shortlist

## run: the demo (built-in Greenhouse simulator, generated data), on $(ADDR)
run: build
	./bin/shortlist demo --addr $(ADDR) --data $(DATA)

## test: generated code and lint checks, unit and integration tests (the
## concurrent packages under -race), a bounded fuzz run, browser tests
test: setup check-generated lint
	SHORTLIST_SHARED=$(SHARED) $(GO) test -count=1 ./...
	SHORTLIST_SHARED=$(SHARED) CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 20m $(RACE_PKGS)
	$(MAKE) --no-print-directory test-fuzz test-browser

test-unit: generate
	SHORTLIST_SHARED=$(SHARED) $(GO) test -count=1 ./...

test-fuzz:
	@for t in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$t/*_test.go | sed 's/func //'); do \
	    case $$f in FuzzWebhookHandler) n=$(FUZZ_EXECS_SLOW);; *) n=$(FUZZ_EXECS);; esac; \
	    echo "fuzz $$t $$f ($${n} executions)"; \
	    SHORTLIST_SHARED=$(SHARED) $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${n}x $$t || exit 1; \
	  done; done

test-browser: generate pw-driver chromium
	PLAYWRIGHT_DRIVER_PATH=$(PW_DRIVER_DIR) CHROMIUM_PATH=$(CHROMIUM) SHORTLIST_SHARED=$(SHARED) \
	  $(GO) test -tags browser -run Browser -count=1 -timeout 10m ./...

## bench: speed and memory goals (sync throughput, ranking latency, webhook ingest, extraction)
bench: generate
	SHORTLIST_SHARED=$(SHARED) $(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'))" || { gofmt -l .; exit 1; }

## vendor-assets: refresh the vendored htmx and Pico CSS (commit the results)
vendor-assets:
	rm -rf .cache/assets && mkdir -p .cache/assets static
	cd .cache/assets && npm pack --silent htmx.org@$(HTMX_VERSION) @picocss/pico@$(PICO_VERSION) >/dev/null \
	  && tar xzf htmx.org-$(HTMX_VERSION).tgz package/dist/htmx.min.js && cp package/dist/htmx.min.js ../../static/htmx.min.js \
	  && rm -rf package && tar xzf picocss-pico-$(PICO_VERSION).tgz package/css/pico.min.css && cp package/css/pico.min.css ../../static/pico.min.css

clean:
	rm -rf bin .cache screenshots
