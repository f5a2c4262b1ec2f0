# thidua — the porcelain. The build is Meson's (meson.build); this file only strings together
# what a newcomer types: `make run` and `make test`.
BUILD   ?= build
ASAN    ?= build-asan
DB      ?= thidua.db
MESON_SETUP = meson setup $(BUILD) --buildtype=debugoptimized

.PHONY: all deps build run test unit integration sanitize clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	@$(MESON_SETUP)

build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD) --quiet

run: build
	@[ -f $(DB) ] || $(BUILD)/thidua --db $(DB) init --demo
	@$(BUILD)/thidua --db $(DB) evaluate

# Every test twice: as built, and under AddressSanitizer + UndefinedBehaviorSanitizer (leaks too).
test: build
	@meson test -C $(BUILD) --print-errorlogs
	@$(MAKE) --no-print-directory sanitize

sanitize: deps
	@[ -f $(ASAN)/build.ninja ] || meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C $(ASAN) --quiet
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C $(ASAN) --print-errorlogs

unit: build
	@meson test -C $(BUILD) --suite unit --print-errorlogs

integration: build
	@meson test -C $(BUILD) --suite integration --print-errorlogs

clean:
	rm -rf $(BUILD) $(ASAN)
