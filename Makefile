# thidua — the porcelain. The build is Meson's (meson.build); this file only strings together
# what a newcomer types: `make run` and `make test`.
BUILD   ?= build
DB      ?= thidua.db
MESON_SETUP = meson setup $(BUILD) --buildtype=debugoptimized

.PHONY: all deps build run test unit integration clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	@$(MESON_SETUP)

build: deps $(BUILD)/build.ninja
	@meson compile -C $(BUILD)

run: build
	@[ -f $(DB) ] || $(BUILD)/thidua --db $(DB) init --demo
	@$(BUILD)/thidua --db $(DB) plan show 1

test: build
	@meson test -C $(BUILD) --print-errorlogs

unit: build
	@meson test -C $(BUILD) --suite unit --print-errorlogs

integration: build
	@meson test -C $(BUILD) --suite integration --print-errorlogs

clean:
	rm -rf $(BUILD)
