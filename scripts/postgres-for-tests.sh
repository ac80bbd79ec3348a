#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the ledger's tests and prints the line to export:
#   eval "$(bash scripts/postgres-for-tests.sh)"
# Needs the server binaries (Debian: apt-get install postgresql). The cluster lives under
# ${TPLIQ_TEST_POSTGRES_DIR:-/tmp/tpliq-test-postgres}, trusts local connections only, listens on
# 127.0.0.1:${TPLIQ_TEST_POSTGRES_PORT:-54329}, and is reused when already running.
set -euo pipefail
dir="${TPLIQ_TEST_POSTGRES_DIR:-/tmp/tpliq-test-postgres}"
port="${TPLIQ_TEST_POSTGRES_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] && command -v pg_ctl >/dev/null 2>&1; then bin="$(dirname "$(command -v pg_ctl)")"; fi
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "no PostgreSQL server binaries found (Debian: apt-get install postgresql)" >&2
  exit 1
fi
# The server refuses to run as root: root hands the cluster to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
  as_owner=(runuser -u postgres --)
fi
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-instructions >"$dir/initdb.log" 2>&1
fi
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
fi
echo "export TPLIQ_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
