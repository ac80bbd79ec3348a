#!/usr/bin/env bash
# Starts a throwaway nats-server with JetStream for the cluster tests and prints the line to export:
#   eval "$(bash scripts/nats-for-tests.sh)"
# Needs nats-server (Debian: apt-get install nats-server). Its store lives under
# ${TPLIQ_TEST_NATS_DIR:-/tmp/tpliq-test-nats}; it listens on 127.0.0.1:${TPLIQ_TEST_NATS_PORT:-42229}
# and is reused when already running.
set -euo pipefail
dir="${TPLIQ_TEST_NATS_DIR:-/tmp/tpliq-test-nats}"
port="${TPLIQ_TEST_NATS_PORT:-42229}"
server="$(command -v nats-server || true)"
[ -z "$server" ] && [ -x /usr/sbin/nats-server ] && server=/usr/sbin/nats-server
if [ -z "$server" ]; then
  echo "no nats-server found (Debian: apt-get install nats-server)" >&2
  exit 1
fi
mkdir -p "$dir"
# A batch of invoices is up to a few MiB on the wire: the default 1 MiB payload is raised.
cat >"$dir/nats.conf" <<CONF
listen: 127.0.0.1:$port
max_payload: 8MB
jetstream {
  store_dir: "$dir/store"
  max_memory_store: 256MB
  max_file_store: 4GB
}
CONF
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  nohup "$server" -c "$dir/nats.conf" >"$dir/server.log" 2>&1 &
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
fi
echo "export TPLIQ_TEST_NATS_URL=nats://127.0.0.1:$port"
