#!/usr/bin/env bash
# PostgreSQL for the local stack: the machine's server on 127.0.0.1:5432 (trust auth). Installs and
# starts Debian's postgresql when there is none, then creates the project's databases.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

DATABASES=("$GOHAN_DB_NAME" gohan_test)

server_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

install() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! server_answers; then
    echo "postgres: installing Debian's postgresql" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
}

up() {
  install
  if ! server_answers; then
    local version; version=$(cluster_version)
    [ -n "$version" ] || { echo "postgres: no cluster under /etc/postgresql" >&2; exit 1; }
    # Trust auth on loopback, as on the machines this project targets.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for "postgres on $PGHOST:$PGPORT" 30 server_answers
  fi
  for db in "${DATABASES[@]}"; do
    if [ -z "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'")" ]; then
      psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "CREATE DATABASE \"$db\""
    fi
  done
}

# The server belongs to the machine: down leaves it running (other projects may use it).
down() { :; }

# reset: the read models, billing and monitoring tables and their stored offsets belong to the Kafka
# log that `kafka.sh reset` deletes, so drop and recreate the project's databases with it.
reset() {
  server_answers || { echo "postgres: down, nothing to reset" >&2; return 0; }
  for db in "${DATABASES[@]}"; do
    psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  done
  up
}

status() {
  if server_answers; then
    echo "postgres: healthy ($PGHOST:$PGPORT, databases: ${DATABASES[*]})"
  else
    echo "postgres: down ($PGHOST:$PGPORT does not answer)"
    return 1
  fi
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: $0 install|up|down|status|reset" >&2; exit 2 ;;
esac
