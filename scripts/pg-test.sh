#!/usr/bin/env bash
# pg-test.sh — the integration suite against PostgreSQL: a throw-away cluster in a temporary folder
# (scripts/pg-cluster.sh: initdb as the `postgres` user, a loopback port, pg_ctl start, waiting
# until it answers), every integration test with THIDUA_TEST_PG pointing at it (each test gets
# databases of its own, tests/integration/helpers.mjs), and the cluster stopped and removed
# afterwards, also when a test fails or the run is interrupted.
#
#   scripts/pg-test.sh [BUILD_DIR] [meson test arguments…]     (BUILD_DIR defaults to build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true

tmp=$(mktemp -d "${TMPDIR:-/tmp}/thidua-pg-XXXXXX")
trap 'scripts/pg-cluster.sh stop "$tmp/cluster"; rm -rf "$tmp"' EXIT INT TERM
url=$(scripts/pg-cluster.sh start "$tmp/cluster")
echo "PostgreSQL: $url (thư mục tạm $tmp)"
# the suite `db`: the integration tests that drive the binary against a database (not the
# front end's type check or the OpenAPI lint, which no database changes)
# the key that seals the mail server's password (service/secret.h): in the throw-away folder,
# not in the home of whoever runs the tests
THIDUA_SECRET_FILE=$tmp/secret.key THIDUA_TEST_PG=$url meson test -C "$build" --suite db --print-errorlogs "$@"
