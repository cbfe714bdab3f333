#!/usr/bin/env bash
# Local Confluent-compatible schema registry: Apicurio Registry 3.x (Quarkus fast-jar from Maven
# Central), Confluent API at $SCHEMA_REGISTRY_URL (/apis/ccompat/v7), loopback only.
#   bash scripts/stack/registry.sh install|up|down|status|reset
# Storage: SQL on the local PostgreSQL, database $APICURIO_DB_NAME (default apicurio), so schema
# ids survive restarts like the Kafka events that carry them. SCHEMA_REGISTRY_STORAGE=mem uses an
# in-memory H2 database instead (everything is lost at `down`). `reset` stops the registry and
# drops that database (as kafka.sh reset deletes the events; `./gohan stack reset` runs both).
# See docs/stack/registry.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/stack/env.sh
. "$here/env.sh"

# 3.3.3 needs Java 21+; on a machine with only Java 17, fall back to 3.0.9 (Java 17) with its own
# database (3.3 upgrades the table layout). Either can be forced with APICURIO_VERSION.
if [ -z "${APICURIO_VERSION:-}" ]; then
  APICURIO_VERSION=3.3.3
  has_java21=0
  for j in ${SCHEMA_REGISTRY_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1)
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then has_java21=1; break; fi
  done
  if [ "$has_java21" = 0 ]; then
    APICURIO_VERSION=3.0.9
    : "${APICURIO_DB_NAME:=apicurio309}"
  fi
fi
: "${SCHEMA_REGISTRY_STORAGE:=postgres}"          # postgres | mem
: "${SCHEMA_REGISTRY_MANAGEMENT_PORT:=9081}"      # Quarkus management interface (health, metrics)
: "${SCHEMA_REGISTRY_HEAP:=384m}"
# C1 only and the serial GC: about half the start time and fewer threads on a 2-core machine
# shared with Kafka; a dev registry's steady-state speed does not matter.
: "${SCHEMA_REGISTRY_JAVA_OPTS:=-Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
: "${SCHEMA_REGISTRY_DEFAULT_COMPATIBILITY:=BACKWARD}"  # global default, as on Confluent's registry
: "${SCHEMA_REGISTRY_ACCESS_LOG:=false}"          # true: one log line per HTTP request
: "${SCHEMA_REGISTRY_START_TIMEOUT:=90}"
: "${APICURIO_DB_NAME:=apicurio}"
: "${GOHAN_MVN:=mvn}"

state_dir="$GOHAN_STACK_DIR/registry"
pid_file="$state_dir/registry.pid"
log_file="$state_dir/registry.log"
app_dir="$GOHAN_CACHE_DIR/apicurio-registry-app-$APICURIO_VERSION"
config_file="$here/registry/application.properties"
artifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all"

log() { echo "registry: $*" >&2; }
# The pid file names a live process that is this registry (not a recycled pid).
registry_alive() {
  local cmdline
  pid_alive "$pid_file" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$(cat "$pid_file")/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *apicurio-registry-app* ]]
}
die() { log "$*"; exit 1; }

# One registry.sh at a time changes things (two `up`s at once would start two JVMs).
lock() {
  mkdir -p "$state_dir"
  exec 9>"$state_dir/.lock"
  flock -w 180 9 || die "another registry.sh holds $state_dir/.lock"
}

base_url() { echo "http://$SCHEMA_REGISTRY_HOST:$SCHEMA_REGISTRY_PORT"; }
# The Confluent API's global config: constant cost. (/subjects lists every subject, and a registry
# that has collected thousands of them from test runs took minutes to answer it.)
answers() { curl -sf -o /dev/null --max-time "${1:-3}" "$SCHEMA_REGISTRY_URL/config"; }
# A registry that has just started can take seconds to answer on a loaded machine (JIT, lazy
# initialisation): a status check asks three times, 10 s each, before it says down.
answers_patiently() { answers 10 || answers 10 || answers 10; }

# Apicurio 3.3 is compiled for Java 21 (3.0.x for Java 17; required_java reads which). Take the
# first JDK that is new enough among $SCHEMA_REGISTRY_JAVA, $JAVA_HOME, the JDKs under
# /usr/lib/jvm (newest first) and `java` on PATH.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
find_java() {
  local want="$1" c major
  local candidates=()
  [ -n "${SCHEMA_REGISTRY_JAVA:-}" ] && candidates+=("$SCHEMA_REGISTRY_JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  while IFS= read -r c; do candidates+=("$c"); done < <(printf '%s\n' /usr/lib/jvm/*/bin/java | sort -V -r)
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    major=$(java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then echo "$c"; return 0; fi
  done
  return 1
}
# The jar to run: 3.3.x ships a Quarkus fast-jar (quarkus-run.jar), 3.0.x a legacy runner jar.
launcher_jar() {
  local f
  for f in "$app_dir/quarkus-run.jar" "$app_dir/apicurio-registry-app-$APICURIO_VERSION-runner.jar"; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}
required_java() {
  # Class-file major 65 = Java 21, 61 = Java 17: read it off one class of the app's own code.
  local jar="$app_dir/app/apicurio-registry-app-$APICURIO_VERSION.jar" major
  [ -f "$jar" ] || jar="$app_dir/apicurio-registry-app-$APICURIO_VERSION-runner.jar"
  major=$(unzip -p "$jar" io/apicurio/registry/ccompat/rest/v7/impl/ConfigResourceImpl.class 2>/dev/null |
    head -c 8 | od -An -tu1 | awk '{print $8}')
  echo $(( ${major:-65} - 44 ))
}

cmd_install() {
  launcher_jar >/dev/null && return 0
  command -v "$GOHAN_MVN" >/dev/null 2>&1 || die "Maven ($GOHAN_MVN) is needed to fetch $artifact"
  mkdir -p "$GOHAN_CACHE_DIR"
  local tmp
  tmp=$(mktemp -d "$GOHAN_CACHE_DIR/.apicurio-install.XXXXXX")
  log "installing Apicurio Registry $APICURIO_VERSION ($artifact) into $app_dir"
  # Run outside any project folder so that no pom.xml is picked up.
  if ! (cd "$tmp" && "$GOHAN_MVN" -q -B -Dstyle.color=never dependency:copy -Dartifact="$artifact" \
      -DoutputDirectory="$tmp/dl" -Dmdep.overWriteReleases=true) >"$tmp/mvn.log" 2>&1; then
    cat "$tmp/mvn.log" >&2; rm -rf "$tmp"; die "could not fetch $artifact from Maven"
  fi
  mkdir -p "$tmp/app"
  tar -xzf "$tmp/dl/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$tmp/app" || { rm -rf "$tmp"; die "could not unpack the archive"; }
  [ -f "$tmp/app/quarkus-run.jar" ] || [ -f "$tmp/app/apicurio-registry-app-$APICURIO_VERSION-runner.jar" ] ||
    { rm -rf "$tmp"; die "the archive has neither quarkus-run.jar nor a runner jar"; }
  rm -rf "$app_dir"
  mv "$tmp/app" "$app_dir"
  rm -rf "$tmp"
}

ensure_database() {
  command -v psql >/dev/null 2>&1 || die "psql is needed to create the database $APICURIO_DB_NAME (or use SCHEMA_REGISTRY_STORAGE=mem)"
  local q=(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -XAtq -v ON_ERROR_STOP=1)
  "${q[@]}" -c 'select 1' >/dev/null 2>&1 || die "PostgreSQL at $PGHOST:$PGPORT does not answer (start it first: scripts/stack/postgres.sh up)"
  if [ -z "$("${q[@]}" -c "select 1 from pg_database where datname = '$APICURIO_DB_NAME'")" ]; then
    "${q[@]}" -c "create database \"$APICURIO_DB_NAME\"" >/dev/null || die "could not create database $APICURIO_DB_NAME"
  fi
}

cmd_up() {
  cmd_install
  mkdir -p "$state_dir/work"
  local t0 deadline=$((SECONDS + SCHEMA_REGISTRY_START_TIMEOUT))
  t0=$(date +%s%N)
  if registry_alive; then
    if answers; then echo "registry: already running (pid $(cat "$pid_file"), $SCHEMA_REGISTRY_URL)"; return 0; fi
  else
    rm -f "$pid_file"
    if answers; then die "something else already answers at $SCHEMA_REGISTRY_URL"; fi
    local want java jar
    jar=$(launcher_jar)
    want=$(required_java)
    java=$(find_java "$want") || die "Apicurio Registry $APICURIO_VERSION needs Java $want or newer (set SCHEMA_REGISTRY_JAVA or JAVA_HOME)"
    local storage_opts
    case "$SCHEMA_REGISTRY_STORAGE" in
      postgres)
        ensure_database
        storage_opts=(-Dapicurio.storage.sql.kind=postgresql
          -Dapicurio.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$APICURIO_DB_NAME"
          -Dapicurio.datasource.username="$PGUSER" -Dapicurio.datasource.password="${PGPASSWORD:-unused}") ;;
      mem)
        storage_opts=(-Dapicurio.storage.sql.kind=h2 -Dapicurio.datasource.url=jdbc:h2:mem:apicurio
          -Dapicurio.datasource.username=sa -Dapicurio.datasource.password=sa) ;;
      *) die "SCHEMA_REGISTRY_STORAGE must be postgres or mem, not '$SCHEMA_REGISTRY_STORAGE'" ;;
    esac
    echo "=== $(date -Is) starting Apicurio Registry $APICURIO_VERSION ($SCHEMA_REGISTRY_STORAGE storage) with $java" >>"$log_file"
    # setsid: own session, so that a Ctrl-C in the calling shell does not reach the registry.
    local java_opts
    read -r -a java_opts <<<"$SCHEMA_REGISTRY_JAVA_OPTS"
    (cd "$state_dir/work" && exec setsid "$java" -Xmx"$SCHEMA_REGISTRY_HEAP" "${java_opts[@]}" \
      -Djava.io.tmpdir="$state_dir/work" \
      -Dquarkus.config.locations="$config_file" \
      -Dquarkus.http.host="$SCHEMA_REGISTRY_HOST" -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT" \
      -Dquarkus.management.host="$SCHEMA_REGISTRY_HOST" -Dquarkus.management.port="$SCHEMA_REGISTRY_MANAGEMENT_PORT" \
      -Dquarkus.http.access-log.enabled="$SCHEMA_REGISTRY_ACCESS_LOG" \
      -Dapicurio.rules.global.compatibility="$SCHEMA_REGISTRY_DEFAULT_COMPATIBILITY" \
      -Dapicurio.storage.snapshot.location="$state_dir/work" -Dapicurio.import.work-dir="$state_dir/work" \
      "${storage_opts[@]}" \
      -jar "$jar" </dev/null >>"$log_file" 2>&1 9>&-) &
    echo $! >"$pid_file"
    echo "$SCHEMA_REGISTRY_STORAGE" >"$state_dir/storage"
  fi
  until answers; do
    if ! registry_alive; then
      log "the registry exited during start; last log lines:"; tail -n 30 "$log_file" >&2; rm -f "$pid_file"; exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "not healthy after ${SCHEMA_REGISTRY_START_TIMEOUT}s; last log lines:"; tail -n 30 "$log_file" >&2
      stop_pidfile "$pid_file"; exit 1
    fi
    sleep 0.2
  done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "registry: up in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s (pid $(cat "$pid_file"), $SCHEMA_REGISTRY_STORAGE storage, $SCHEMA_REGISTRY_URL)"
}

cmd_down() {
  registry_alive || rm -f "$pid_file"
  stop_pidfile "$pid_file" 30
}

cmd_reset() {
  cmd_down
  if [ "$SCHEMA_REGISTRY_STORAGE" = postgres ] && command -v psql >/dev/null 2>&1 &&
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -XAtq -c 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -XAtq -v ON_ERROR_STOP=1 \
      -c "drop database if exists \"$APICURIO_DB_NAME\"" >/dev/null
    echo "registry: schemas deleted (database $APICURIO_DB_NAME dropped); the next up starts empty"
  fi
}

cmd_status() {
  local info version storage
  if answers_patiently; then
    info=$(curl -sf --max-time 3 "$(base_url)/apis/registry/v3/system/info" || true)
    version=$(printf '%s' "$info" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
    storage=$(cat "$state_dir/storage" 2>/dev/null || echo "unknown")
    echo "registry: healthy (Apicurio ${version:-?}, $storage storage, $SCHEMA_REGISTRY_URL)"
    return 0
  fi
  echo "registry: down ($SCHEMA_REGISTRY_URL does not answer)"
  return 1
}

case "${1:-}" in
  install) lock; cmd_install ;;
  up) lock; cmd_up ;;
  down) lock; cmd_down ;;
  status) cmd_status ;;
  reset) lock; cmd_reset ;;
  *) echo "usage: $0 install|up|down|status|reset" >&2; exit 2 ;;
esac
