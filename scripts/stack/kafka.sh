#!/usr/bin/env bash
# Local Apache Kafka: one KRaft node (broker + controller) run from the official jars on Maven
# Central, without Docker or the release tarball.
#
#   bash scripts/stack/kafka.sh install|up|down|status|reset
#
# Version: Kafka 4.4.0 (kafka_2.13; set in scripts/stack/kafka/pom.xml), the newest 4.x on Maven
# Central, kept because kafkajs 2.2.4 works against it: test/smoke/kafka.int.spec.ts passes (admin
# create topic, idempotent produce, consumer group with committed offsets, transactions with commit and
# abort seen through read_committed, transaction.sendOffsets). Kafka 4.0 removed old protocol versions
# (KIP-896), but kafkajs picks versions through ApiVersions and every API it implements still has a
# version both sides speak (Produce v7, Fetch v11, JoinGroup v5, OffsetCommit v5, InitProducerId v1,
# EndTxn v1, TxnOffsetCommit v1, CreateTopics v3, ...), so the 3.9.x fallback was not needed.
# Logging: log4j-slf4j2-impl + log4j-core 2.25.3, with slf4j-api pinned to 2.0.17 in the pom (Kafka's
# poms ask for 1.7.36, which cannot see an SLF4J 2 provider: the broker would silently log nothing).
#
# Files (under $GOHAN_STACK_DIR/kafka unless a path is given):
#   $GOHAN_CACHE_DIR/kafka-<version>-<pom hash>/lib  the jars (install; reset keeps them)
#   server.properties  written by every up       data/      log.dirs + KRaft metadata (formatted once)
#   kafka.pid          the broker's pid           kafka.log  broker log (log4j2, INFO, 10 MB x 3)
#   kafka.out          JVM stdout/stderr, format  version    version of the running broker
# up never wipes data: tests run again and again against the same broker. reset stops the broker and
# deletes data/ (a clean start, e.g. for CI). KAFKA_HEAP_OPTS overrides the heap (-Xms256m -Xmx768m).
# See docs/stack/kafka.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"

POM="$HERE/kafka/pom.xml"
LOG4J2_CONFIG="$HERE/kafka/log4j2.properties"
HEALTH="$HERE/kafka/health.mjs"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
POM_HASH="$(sha256sum "$POM" | cut -c1-12)"
LIB_DIR="$GOHAN_CACHE_DIR/kafka-$KAFKA_VERSION-$POM_HASH/lib"

KAFKA_DIR="$GOHAN_STACK_DIR/kafka"
DATA_DIR="$KAFKA_DIR/data"
PROPS="$KAFKA_DIR/server.properties"
PIDFILE="$KAFKA_DIR/kafka.pid"
LOGFILE="$KAFKA_DIR/kafka.log"
OUTFILE="$KAFKA_DIR/kafka.out"
VERSION_FILE="$KAFKA_DIR/version"
: "${KAFKA_HEAP_OPTS:=-Xms256m -Xmx768m}"
START_TIMEOUT=60
STOP_TIMEOUT=30

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Our broker is alive: the pid file names a live process that is this stack's kafka.Kafka (a stale
# pid file after a reboot may name an unrelated process).
broker_alive() {
  pid_alive "$PIDFILE" && tr '\0' ' ' <"/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $PROPS"
}

node_ready() {
  command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" -ge 24 ] && return 0
  # shellcheck source=../lib/node.sh
  source "$GOHAN_ROOT/scripts/lib/node.sh"
  ensure_node24 "$GOHAN_ROOT"
}

# health [seconds to keep trying]: metadata request through kafkajs (the client the project uses).
# (kafkajs 2.2.4 calls setTimeout with a negative delay: Node 24 warns on every client; harmless.)
health() {
  node_ready && KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" node --disable-warning=TimeoutNegativeWarning "$HEALTH" --wait "${1:-0}"
}

LOG_OFFSET=0 # size of kafka.log before this start: show only what this start wrote
fail_with_logs() {
  echo "kafka: $*" >&2
  [ -s "$OUTFILE" ] && { echo "--- tail of $OUTFILE" >&2; tail -n 20 "$OUTFILE" >&2; }
  local new=""
  [ -f "$LOGFILE" ] && new=$(tail -c +$((LOG_OFFSET + 1)) "$LOGFILE" | tail -n 30)
  [ -n "$new" ] && { echo "--- tail of $LOGFILE" >&2; echo "$new" >&2; }
  exit 1
}

lock() { mkdir -p "$KAFKA_DIR"; exec 9>"$KAFKA_DIR/.lock"; flock -w 180 9 || { echo "kafka: another kafka.sh holds $KAFKA_DIR/.lock" >&2; exit 1; }; }

cmd_install() {
  [ -f "$LIB_DIR/.complete" ] && return 0
  command -v mvn >/dev/null 2>&1 || { echo "kafka: Maven (mvn) is needed to fetch Kafka" >&2; exit 1; }
  command -v java >/dev/null 2>&1 || { echo "kafka: Java 17+ is needed to run Kafka" >&2; exit 1; }
  local start tmp mvnlog
  start=$(now_ms)
  echo "kafka: installing Kafka $KAFKA_VERSION from Maven Central into $LIB_DIR"
  tmp="$(dirname "$LIB_DIR")/lib.tmp.$$"
  mvnlog="$(dirname "$LIB_DIR")/mvn.log"
  mkdir -p "$tmp"
  # Run from the temporary folder so that nothing (target/) lands in the source tree.
  if ! (cd "$tmp" && mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" >"$mvnlog" 2>&1); then
    rm -rf "$tmp"
    echo "kafka: mvn dependency:copy-dependencies failed:" >&2
    tail -n 40 "$mvnlog" >&2
    exit 1
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || { rm -rf "$tmp"; echo "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after mvn" >&2; exit 1; }
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  echo "$KAFKA_VERSION" >"$LIB_DIR/.complete"
  echo "kafka: installed $(ls "$LIB_DIR"/*.jar | wc -l) jars in $(elapsed "$start")"
}

write_config() {
  cat >"$PROPS.tmp" <<EOF
# Written by scripts/stack/kafka.sh up: a single KRaft node for local development and tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$DATA_DIR

# One broker: every internal topic has one replica.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=10

# Tests: consumer groups start at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0

# A 2-core machine shared with other services.
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
EOF
  mv "$PROPS.tmp" "$PROPS"
}

format_storage() {
  [ -f "$DATA_DIR/meta.properties" ] && return 0
  local cluster_id
  # A Kafka Uuid: 16 random bytes, URL-safe base64 without padding (what `StorageTool random-uuid` prints).
  # Like Kafka's Uuid.randomUuid, never one that starts with '-': the format command would read it as
  # an option ("argument --cluster-id: expected one argument"), which failed 1 fresh stack in 64.
  cluster_id=-
  while [ "${cluster_id#-}" != "$cluster_id" ]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  mkdir -p "$DATA_DIR"
  java -cp "$LIB_DIR/*" -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j2.configurationFile="$LOG4J2_CONFIG" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" >>"$OUTFILE" 2>&1 \
    || fail_with_logs "formatting $DATA_DIR failed"
}

cmd_up() {
  lock
  cmd_install
  local start
  start=$(now_ms)
  if broker_alive; then
    health 30 >/dev/null || fail_with_logs "pid $(cat "$PIDFILE") is running but does not answer on $KAFKA_HOST:$KAFKA_PORT"
    echo "kafka: already up (version $(cat "$VERSION_FILE" 2>/dev/null), $KAFKA_HOST:$KAFKA_PORT, pid $(cat "$PIDFILE"))"
    return 0
  fi
  rm -f "$PIDFILE"
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$KAFKA_HOST" "$port" && { echo "kafka: $KAFKA_HOST:$port is in use by another process" >&2; exit 1; }
  done
  [ -f "$OUTFILE" ] && mv -f "$OUTFILE" "$OUTFILE.1"
  LOG_OFFSET=$(stat -c %s "$LOGFILE" 2>/dev/null || echo 0)
  write_config
  format_storage
  echo "$KAFKA_VERSION" >"$VERSION_FILE"
  # Own session (Ctrl-C in the calling terminal does not reach it); 9>&- keeps the lock out of it.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several flags
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j2.configurationFile="$LOG4J2_CONFIG" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" </dev/null >>"$OUTFILE" 2>&1 9>&- &
  wait_for "the kafka pid file" 5 test -s "$PIDFILE" || fail_with_logs "the broker did not start"
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$KAFKA_HOST" "$KAFKA_PORT"; do
    broker_alive || { rm -f "$PIDFILE"; fail_with_logs "the broker exited during start"; }
    [ "$SECONDS" -lt "$deadline" ] || { stop_pidfile "$PIDFILE" "$STOP_TIMEOUT"; fail_with_logs "no listener on $KAFKA_HOST:$KAFKA_PORT after ${START_TIMEOUT}s"; }
    sleep 0.2
  done
  health $((deadline > SECONDS ? deadline - SECONDS : 1)) >/dev/null \
    || { stop_pidfile "$PIDFILE" "$STOP_TIMEOUT"; fail_with_logs "the broker does not answer metadata requests"; }
  echo "kafka: up in $(elapsed "$start") (version $KAFKA_VERSION, $KAFKA_HOST:$KAFKA_PORT, pid $(cat "$PIDFILE"))"
}

cmd_down() {
  lock
  if [ -f "$PIDFILE" ] && ! broker_alive; then rm -f "$PIDFILE"; fi
  [ -f "$PIDFILE" ] || return 0
  local start
  start=$(now_ms)
  stop_pidfile "$PIDFILE" "$STOP_TIMEOUT"
  echo "kafka: stopped in $(elapsed "$start")"
}

cmd_status() {
  if ! broker_alive; then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      echo "kafka: down (not started by this script; $KAFKA_HOST:$KAFKA_PORT is held by another process)"
    else
      echo "kafka: down (not running)"
    fi
    return 1
  fi
  local err
  if err=$(health 0 2>&1 >/dev/null); then
    echo "kafka: healthy (version $(cat "$VERSION_FILE" 2>/dev/null || echo unknown), $KAFKA_HOST:$KAFKA_PORT)"
  else
    echo "kafka: down (pid $(cat "$PIDFILE") does not answer: ${err#kafka health: })"
    return 1
  fi
}

cmd_reset() {
  cmd_down
  rm -rf "$DATA_DIR" "$PROPS"
  echo "kafka: data deleted ($DATA_DIR); the next up formats a new cluster"
}

case "${1:-}" in
  install) lock; cmd_install ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) echo "usage: $0 install|up|down|status|reset" >&2; exit 2 ;;
esac
