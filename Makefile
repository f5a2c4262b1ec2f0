# thidua — the porcelain. The build is Meson's (meson.build); this file only strings together
# what a newcomer types: `make run` and `make test`.
BUILD   ?= build
ASAN    ?= build-asan
DB      ?= thidua.db
LISTEN  ?= 127.0.0.1:8080
MESON_SETUP = meson setup $(BUILD) --buildtype=debugoptimized

.PHONY: fuzz fuzz-build fuzz-brief bench all deps web build run test unit integration integration-pg e2e sanitize clean

all: build

deps:
	@scripts/install-deps.sh
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error

# The front end: npm ci when the lock file changed, vite build when a source is newer than
# the last build. The server serves web/dist (thidua serve --web).
WEB_SRC = $(shell find web/src -type f) web/index.html web/vite.config.ts web/package-lock.json
web/node_modules/.package-lock.json: web/package-lock.json | deps
	@cd web && npm ci --no-audit --no-fund --loglevel=error
# A gzip copy beside each text file, served to browsers that accept it (src/http/static.c).
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	@cd web && npm run --silent build -- --logLevel warn
	@find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' \) -exec gzip -9 -k -n -f {} +
web: web/dist/index.html

# After web's npm ci, so that Meson finds svelte-check and registers the type check.
$(BUILD)/build.ninja: | deps web/node_modules/.package-lock.json
	@$(MESON_SETUP)

build: deps $(BUILD)/build.ninja web
	@ninja -C $(BUILD) --quiet

run: build
	@[ -f $(DB) ] || $(BUILD)/thidua --db $(DB) init --demo
	@$(BUILD)/thidua --db $(DB) user list
	@echo "(tài khoản minh họa: mật khẩu thidua-demo-2026)"
	@$(BUILD)/thidua --db $(DB) serve --listen $(LISTEN)

# Every test twice: as built, and under AddressSanitizer + UndefinedBehaviorSanitizer (leaks too);
# the integration suite once more against PostgreSQL (a throw-away cluster, scripts/pg-test.sh);
# then every fuzz target for 20 s.
test: build
	@meson test -C $(BUILD) --print-errorlogs
	@scripts/pg-test.sh $(BUILD)
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory fuzz-brief

sanitize: deps web
	@[ -f $(ASAN)/build.ninja ] || meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(ASAN) --quiet
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp meson test -C $(ASAN) --print-errorlogs

unit: build
	@meson test -C $(BUILD) --suite unit --print-errorlogs

integration: build
	@meson test -C $(BUILD) --suite integration --print-errorlogs

# The integration suite against PostgreSQL only.
integration-pg: build
	@scripts/pg-test.sh $(BUILD)

e2e: build
	@meson test -C $(BUILD) --suite e2e --print-errorlogs

# Benchmarks B1–B6 against a reference measured in the same run, then the soak test
# (bench/run.mjs; docs/benchmarks.md). Never part of `make test`. BENCH_ONLY=b1,b3 runs some.
bench: build
	@scripts/install-deps.sh --bench
	@THIDUA_BIN=$(BUILD)/thidua node bench/run.mjs

# libFuzzer on every reader of outside input (fuzz/): target phrases, the plan extractor, the
# values CSV, .docx text, the plan file and the values JSON bodies, periods, numbers, session
# cookies and bearer tokens. `make fuzz` runs each FUZZ_SECONDS (default 300); `make test` runs
# each 20 s (fuzz-brief). The committed corpus is fuzz/corpus/<target>/ (read only); what a run
# finds goes to $(FUZZ)/corpus/<target>/, which also gets the plans of ../shared when present.
# A crash, a leak (LeakSanitizer), an input slower than FUZZ_TIMEOUT s, or UBSan's report fails
# the run; the input is left in $(FUZZ)/<target>-crash-… and the log's end is printed.
FUZZ = build-fuzz
FUZZ_SECONDS ?= 300
FUZZ_TIMEOUT ?= 10
FUZZ_TARGETS = extract target csv doctext planfile values_json period vnum credentials
fuzz-build: deps
	@scripts/install-deps.sh --fuzz
	@[ -f $(FUZZ)/build.ninja ] || CC=clang meson setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(FUZZ) --quiet

fuzz-brief:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

fuzz: fuzz-build
	@for f in $(FUZZ_TARGETS); do mkdir -p $(FUZZ)/corpus/$$f; done
	@cp -n ../shared/seed/*.txt ../shared/plans-dev/*.txt $(FUZZ)/corpus/extract/ 2>/dev/null || true
	@for f in $(FUZZ_TARGETS); do \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
		$(FUZZ)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ)/$$f- $(FUZZ)/corpus/$$f fuzz/corpus/$$f \
			> $(FUZZ)/fuzz_$$f.log 2>&1 || { tail -n 60 $(FUZZ)/fuzz_$$f.log; echo "fuzz_$$f: ÉCHEC / FAILED"; exit 1; }; \
		printf 'fuzz_%-12s %3s s  %10s executions  %5s new inputs\n' $$f $(FUZZ_SECONDS) \
			$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ)/fuzz_$$f.log) \
			$$(sed -n 's/^stat::new_units_added: *//p' $(FUZZ)/fuzz_$$f.log); \
	done

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)
