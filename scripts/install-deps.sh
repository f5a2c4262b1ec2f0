#!/usr/bin/env bash
# install-deps.sh — installs the Debian packages thidua needs to build and test, and nothing
# else. Idempotent: a package that is already installed is left alone, so `make` stays fast.
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config
  libsqlite3-dev sqlite3
  # PostgreSQL: the client library the second backend links, and the server the tests start
  libpq-dev postgresql
  libjansson-dev libsodium-dev libicu-dev libcsv-dev
  libzip-dev libxml2-dev libxlsxwriter-dev
  libreoffice-calc-nogui
  libcmocka-dev libevent-dev
  zlib1g-dev libbrotli-dev
  # reminders go out by e-mail through libcurl's SMTP (STARTTLS with OpenSSL); the tests run a real
  # SMTP server on loopback
  libcurl4-openssl-dev python3-aiosmtpd openssl
  chromium
  # the report tests open the DOCX in LibreOffice and read the PDF; Liberation Serif 2 has the
  # metrics of Times New Roman and, unlike fonts-liberation 1.x, the Vietnamese letters
  libreoffice-writer-nogui poppler-utils fonts-liberation2
  # Giấy khen certificates (src/service/certificate.c): cairo draws, pango shapes the Vietnamese
  # text in Liberation Serif 2 (fonts-liberation2), fontconfig finds it
  libcairo2-dev libpango1.0-dev fontconfig
  python3
)

# `install-deps.sh --bench` adds what the benchmarks compare against and drive them with;
# `--fuzz` the compiler and runtime of the libFuzzer targets (make fuzz, make test).
case "${1:-}" in
  --bench) packages+=(nginx-light wrk hyperfine) ;;
  --fuzz) packages+=(clang libclang-rt-14-dev) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Cài các gói còn thiếu / installing missing packages: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Cần quyền root để cài: apt-get install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
