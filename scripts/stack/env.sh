# Sourced by every stack script: one place for the local stack's addresses and folders.
# Every value can be overridden from the environment; the defaults match libs/config.
: "${GOHAN_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${GOHAN_STACK_DIR:=$GOHAN_ROOT/.stack}"
: "${GOHAN_CACHE_DIR:=$GOHAN_STACK_DIR/cache}"

# Kafka (single KRaft node: broker + controller)
: "${KAFKA_HOST:=127.0.0.1}"
: "${KAFKA_PORT:=9092}"
: "${KAFKA_CONTROLLER_PORT:=9093}"
: "${KAFKA_BROKERS:=$KAFKA_HOST:$KAFKA_PORT}"

# Schema registry (Confluent REST API)
: "${SCHEMA_REGISTRY_HOST:=127.0.0.1}"
: "${SCHEMA_REGISTRY_PORT:=8081}"
: "${SCHEMA_REGISTRY_URL:=http://$SCHEMA_REGISTRY_HOST:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7}"

# PostgreSQL (the machine's server; trust auth)
: "${PGHOST:=127.0.0.1}"
: "${PGPORT:=5432}"
: "${PGUSER:=postgres}"
: "${GOHAN_DB_NAME:=gohan}"
: "${DATABASE_URL:=postgres://$PGUSER@$PGHOST:$PGPORT/$GOHAN_DB_NAME}"
: "${TEST_DATABASE_URL:=postgres://$PGUSER@$PGHOST:$PGPORT/gohan_test}"

# Simulated MX routers: each on its own loopback address, same SSH port
: "${MX1_ADDRESS:=127.0.0.11}"
: "${MX2_ADDRESS:=127.0.0.12}"
: "${ROUTER_SSH_PORT:=8830}"
: "${ROUTER_LOGIN:=esi}"
: "${ROUTER_PASSWORD:=esi}"
: "${ROUTER_KNOWN_HOSTS:=$GOHAN_STACK_DIR/routers/known_hosts}"

export GOHAN_ROOT GOHAN_STACK_DIR GOHAN_CACHE_DIR KAFKA_HOST KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_BROKERS \
  SCHEMA_REGISTRY_HOST SCHEMA_REGISTRY_PORT SCHEMA_REGISTRY_URL PGHOST PGPORT PGUSER GOHAN_DB_NAME \
  DATABASE_URL TEST_DATABASE_URL MX1_ADDRESS MX2_ADDRESS ROUTER_SSH_PORT ROUTER_LOGIN ROUTER_PASSWORD ROUTER_KNOWN_HOSTS

# wait_for "<description>" <timeout seconds> <command...>: polls a condition with a deadline.
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "timed out after ${timeout}s waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}

# stop_pidfile <file> [timeout]: SIGTERM, wait, then SIGKILL; removes the file.
stop_pidfile() {
  local file="$1" timeout="${2:-20}" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
