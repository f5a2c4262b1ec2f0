# thidua — the porcelain. The build is Meson's (meson.build); this file only strings together
# what a newcomer types: `make run` and `make test`.
BUILD   ?= build
ASAN    ?= build-asan
DB      ?= thidua.db
LISTEN  ?= 127.0.0.1:8080
MESON_SETUP = meson setup $(BUILD) --buildtype=debugoptimized

.PHONY: fuzz bench all deps web build run test unit integration e2e sanitize clean

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

# Every test twice: as built, and under AddressSanitizer + UndefinedBehaviorSanitizer (leaks too).
test: build
	@meson test -C $(BUILD) --print-errorlogs
	@$(MAKE) --no-print-directory sanitize

sanitize: deps web
	@[ -f $(ASAN)/build.ninja ] || meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(ASAN) --quiet
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C $(ASAN) --print-errorlogs

unit: build
	@meson test -C $(BUILD) --suite unit --print-errorlogs

integration: build
	@meson test -C $(BUILD) --suite integration --print-errorlogs

e2e: build
	@meson test -C $(BUILD) --suite e2e --print-errorlogs

# Benchmarks against a reference measured in the same run (bench/*.mjs).
bench: build
	@scripts/install-deps.sh --bench
	@for b in bench/*.mjs; do echo "== $$b"; THIDUA_BIN=$(BUILD)/thidua node $$b || exit 1; done

# libFuzzer on the readers of typed text: the extractor and the target phrase. FUZZ_SECONDS
# each (default 60); the corpus starts from the seed plan and the plans of ../shared.
FUZZ = build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@[ -f $(FUZZ)/build.ninja ] || CC=clang meson setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(FUZZ) --quiet
	@mkdir -p $(FUZZ)/corpus/extract $(FUZZ)/corpus/target
	@cp -n ../shared/seed/*.txt ../shared/plans-dev/*.txt $(FUZZ)/corpus/extract/ 2>/dev/null || true
	@printf '%s\n' 'từ 19% trở lên' 'trên 97,2%' '15 - 17%' 'duy trì từ 901 - 910 ha' 'khoảng 8.990 con' \
		'giảm ≥ 20% so với 2025' 'đạt tất cả: a; b' | split -l 1 - $(FUZZ)/corpus/target/seed-
	@for f in extract target; do \
		echo "fuzz_$$f: $(FUZZ_SECONDS) s"; \
		$(FUZZ)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=20000 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ)/ $(FUZZ)/corpus/$$f > $(FUZZ)/fuzz_$$f.log 2>&1 \
			|| { tail -n 40 $(FUZZ)/fuzz_$$f.log; exit 1; }; \
		grep -E 'stat::(number_of_executed_units|new_units_added)' $(FUZZ)/fuzz_$$f.log; \
	done

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)
