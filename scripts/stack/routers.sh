#!/usr/bin/env bash
# The two simulated Juniper MX routers (MX-1, MX-2): one Debian netconfd (yuma123) per router behind
# a user-space SSH server written in TypeScript (libs/router-sim, ssh2's Server). No root, no sshd.
#
#   bash scripts/stack/routers.sh install|up|down|status|reset
#
#   install  Debian's netconfd + yangcli when /usr/sbin/netconfd is missing (apt-get)
#   up       netconfd mx1 + mx2, then the SSH fronts (one Node process for both routers); waits until
#            both routers answer a NETCONF hello through SSH with a verified host key (30 s)
#   down     fronts first, then both netconfd (each takes ~1 s to exit)
#   status   "routers: healthy (...)" when both answer a NETCONF hello
#   reset    clean slate on both: routers back on the network, empty configuration, empty simulator state
#
# Files, under $GOHAN_STACK_DIR/routers:
#   mx1/, mx2/      netconfd working dir: startup-cfg.xml (the committed config; kept across restarts,
#                   like a real router), ncxserver.sock, netconfd.log, netconfd.pid, ssh_host_ed25519_key
#   front.pid       the Node process serving both SSH fronts    front.log  its log
#   known_hosts     $ROUTER_KNOWN_HOSTS: "[127.0.0.11]:8830 ssh-ed25519 AAAA..." for both routers
#   authorized_keys optional public keys that may log in as $ROUTER_LOGIN
# Control endpoints: http://127.0.0.1:$MX1_CONTROL_PORT (8840) and :$MX2_CONTROL_PORT (8841):
# GET /health, POST /down[?mode=refuse|hang], POST /up. See docs/stack/routers.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$HERE/env.sh"

: "${MX1_PORT:=$ROUTER_SSH_PORT}"
: "${MX2_PORT:=$ROUTER_SSH_PORT}"
: "${MX1_CONTROL_PORT:=8840}"
: "${MX2_CONTROL_PORT:=8841}"
: "${ROUTER_HELLO_HOLD_MS:=50}"
: "${ROUTER_AUTHORIZED_KEYS:=$GOHAN_STACK_DIR/routers/authorized_keys}"
: "${NETCONFD:=/usr/sbin/netconfd}"
: "${NETCONF_SUBSYSTEM:=/usr/sbin/netconf-subsystem}"

ROUTERS_DIR="$GOHAN_STACK_DIR/routers"
SIM_DIR="$GOHAN_ROOT/libs/router-sim"
YANG_DIR="$SIM_DIR/yang"
FRONT_PIDFILE="$ROUTERS_DIR/front.pid"
FRONT_LOG="$ROUTERS_DIR/front.log"
START_TIMEOUT=30
ROUTERS=(mx1 mx2)

# A unix socket path must fit in 108 bytes; a deep checkout moves the sockets to a short folder.
socket_path() {
  local sock="$ROUTERS_DIR/$1/ncxserver.sock"
  if [ "${#sock}" -gt 100 ]; then
    sock="/tmp/gohan-routers-$(id -u)-$(printf '%s' "$GOHAN_STACK_DIR" | cksum | cut -d' ' -f1)/$1.sock"
  fi
  printf '%s' "$sock"
}
: "${MX1_NCX_SOCKET:=$(socket_path mx1)}"
: "${MX2_NCX_SOCKET:=$(socket_path mx2)}"
export MX1_PORT MX2_PORT MX1_CONTROL_PORT MX2_CONTROL_PORT ROUTER_HELLO_HOLD_MS ROUTER_AUTHORIZED_KEYS \
  NETCONF_SUBSYSTEM MX1_NCX_SOCKET MX2_NCX_SOCKET

var() { local name="${1^^}_$2"; printf '%s' "${!name}"; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# Alive and really ours (a stale pid file after a reboot may name an unrelated process).
netconfd_alive() {
  local pidfile="$ROUTERS_DIR/$1/netconfd.pid"
  pid_alive "$pidfile" && tr '\0' ' ' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -qF -- "--ncxserver-sockname=$(var "$1" NCX_SOCKET)"
}
front_alive() {
  pid_alive "$FRONT_PIDFILE" && tr '\0' ' ' <"/proc/$(cat "$FRONT_PIDFILE")/cmdline" 2>/dev/null | grep -qF "$SIM_DIR/dist/main.js"
}

node_ready() {
  command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" -ge 24 ] && return 0
  # shellcheck source=../lib/node.sh
  source "$GOHAN_ROOT/scripts/lib/node.sh"
  ensure_node24 "$GOHAN_ROOT"
}

# NETCONF hello through SSH on both routers (host key checked against known_hosts).
routers_answer() { node "$SIM_DIR/dist/cli.js" check; }

fail_with_logs() {
  echo "routers: $*" >&2
  local f
  for f in "$ROUTERS_DIR/mx1/netconfd.out" "$ROUTERS_DIR/mx1/netconfd.log" "$ROUTERS_DIR/mx2/netconfd.out" \
    "$ROUTERS_DIR/mx2/netconfd.log" "$FRONT_LOG"; do
    [ -s "$f" ] && { echo "--- tail of $f" >&2; tail -n 15 "$f" >&2; }
  done
  exit 1
}

lock() { mkdir -p "$ROUTERS_DIR"; exec 9>"$ROUTERS_DIR/.lock"; flock -w 120 9 || { echo "routers: another routers.sh holds $ROUTERS_DIR/.lock" >&2; exit 1; }; }

cmd_install() {
  [ -x "$NETCONFD" ] && [ -x "$NETCONF_SUBSYSTEM" ] && return 0
  echo "routers: installing Debian's netconfd and yangcli" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends netconfd yangcli >/dev/null
  [ -x "$NETCONFD" ] || { echo "routers: $NETCONFD still missing after apt-get" >&2; exit 1; }
}

# Compile libs/router-sim when dist is missing or older than a source file.
build_front() {
  local stamp="$SIM_DIR/dist/main.js"
  if [ -f "$stamp" ] && [ -f "$SIM_DIR/dist/cli.js" ] \
    && [ -z "$(find "$SIM_DIR/src" "$SIM_DIR/tsconfig.json" "$GOHAN_ROOT/tsconfig.base.json" -newer "$stamp" \
      -not -name '*.spec.ts' -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  (cd "$GOHAN_ROOT" && node node_modules/typescript/bin/tsc -b libs/router-sim) || fail_with_logs "building libs/router-sim failed"
  touch "$stamp"
}

# spawn <pidfile> <dir> <log> <command...>: runs the command in the background in its own session
# (Ctrl-C in the calling terminal does not reach it), in <dir>, output to <log>; the lock (fd 9) is
# closed for it so that a later routers.sh is not blocked by a long-lived child.
spawn() {
  local pidfile="$1" dir="$2" log="$3"
  shift 3
  # shellcheck disable=SC2016 # $$, $0, $1 and $@ belong to the inner bash
  setsid bash -c 'echo $$ >"$0"; cd "$1" || exit 1; shift; exec "$@"' "$pidfile" "$dir" "$@" </dev/null >"$log" 2>&1 9>&- &
}

start_netconfd() {
  local id="$1" dir="$ROUTERS_DIR/$1" sock port
  sock="$(var "$id" NCX_SOCKET)"
  port="$(var "$id" PORT)"
  netconfd_alive "$id" && return 0
  mkdir -p "$dir" "$(dirname "$sock")"
  rm -f "$dir/netconfd.pid" "$sock"
  # Its own startup file, created before the first start: without it every instance would share one
  # under $HOME. --with-startup=false: a commit also writes startup-cfg.xml (no :startup datastore),
  # so the committed config survives a restart, as on a real router.
  [ -f "$dir/startup-cfg.xml" ] || echo '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>' >"$dir/startup-cfg.xml"
  # (netconfd also keeps a transaction counter in ~/.yuma/startup-cfg-txid.txt of the user's passwd
  # home, whatever HOME, --home or --yuma-home say; every instance shares it. An instance that reads
  # it while another rewrites it fails to start with "Read txid file failed": cmd_up starts them one
  # at a time and tries again.)
  spawn "$dir/netconfd.pid" "$dir" "$dir/netconfd.out" \
    "$NETCONFD" --module="$YANG_DIR/junos-conf-root.yang" --module="$YANG_DIR/gohan-router-sim.yang" \
    --target=candidate --startup="$dir/startup-cfg.xml" --with-startup=false \
    --ncxserver-sockname="$sock" --port="$port" --superuser="$ROUTER_LOGIN" --access-control=off \
    --log="$dir/netconfd.log" --log-level=info
}

cmd_up() {
  lock
  [ -x "$NETCONFD" ] || cmd_install
  node_ready
  local start id
  start=$(now_ms)
  build_front
  # A front started before the last build runs old code: restart it.
  if front_alive && [ "$SIM_DIR/dist/main.js" -nt "$FRONT_PIDFILE" ]; then stop_pidfile "$FRONT_PIDFILE" 10; fi
  if front_alive && netconfd_alive mx1 && netconfd_alive mx2; then
    ROUTER_CHECK_TIMEOUT_MS=10000 routers_answer >/dev/null || fail_with_logs "running, but a router does not answer a NETCONF hello"
    echo "routers: already up (mx1 $MX1_ADDRESS:$MX1_PORT, mx2 $MX2_ADDRESS:$MX2_PORT, front pid $(cat "$FRONT_PIDFILE"))"
    return 0
  fi
  local attempt
  for id in "${ROUTERS[@]}"; do
    for attempt in 1 2 3; do
      start_netconfd "$id"
      wait_for "netconfd $id socket" 10 test -S "$(var "$id" NCX_SOCKET)" && netconfd_alive "$id" && break
      [ "$attempt" -lt 3 ] || fail_with_logs "netconfd $id did not start (3 attempts)"
      echo "routers: netconfd $id did not start (attempt $attempt); trying again" >&2
      stop_pidfile "$ROUTERS_DIR/$id/netconfd.pid" 5
    done
  done
  if ! front_alive; then
    rm -f "$FRONT_PIDFILE"
    [ -f "$FRONT_LOG" ] && mv -f "$FRONT_LOG" "$FRONT_LOG.1"
    spawn "$FRONT_PIDFILE" "$GOHAN_ROOT" "$FRONT_LOG" node "$SIM_DIR/dist/main.js"
    wait_for "the router-sim pid file" 5 test -s "$FRONT_PIDFILE" || fail_with_logs "the SSH front did not start"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until routers_answer >/dev/null 2>&1; do
    front_alive || fail_with_logs "the SSH front exited during start"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_logs "no NETCONF hello from both routers after ${START_TIMEOUT}s"
    sleep 0.1
  done
  echo "routers: up in $(elapsed "$start") (mx1 $MX1_ADDRESS:$MX1_PORT, mx2 $MX2_ADDRESS:$MX2_PORT, control 127.0.0.1:$MX1_CONTROL_PORT/$MX2_CONTROL_PORT, front pid $(cat "$FRONT_PIDFILE"))"
}

cmd_down() {
  lock
  stop_pidfile "$FRONT_PIDFILE" 10
  # Both netconfd stop in parallel (each takes ~1 s to exit).
  local id
  for id in "${ROUTERS[@]}"; do
    if [ -f "$ROUTERS_DIR/$id/netconfd.pid" ] && ! netconfd_alive "$id"; then rm -f "$ROUTERS_DIR/$id/netconfd.pid"; fi
    stop_pidfile "$ROUTERS_DIR/$id/netconfd.pid" 15 &
  done
  wait
  for id in "${ROUTERS[@]}"; do rm -f "$(var "$id" NCX_SOCKET)"; done
}

cmd_status() {
  local problems=() id
  for id in "${ROUTERS[@]}"; do netconfd_alive "$id" || problems+=("netconfd $id not running"); done
  front_alive || problems+=("SSH front not running")
  if [ "${#problems[@]}" -eq 0 ]; then
    node_ready
    local out
    out=$(routers_answer 2>&1) || problems+=("$(echo "$out" | grep failed | tr '\n' ';' | sed 's/;$//')")
  fi
  if [ "${#problems[@]}" -eq 0 ]; then
    echo "routers: healthy (mx1 $MX1_ADDRESS:$MX1_PORT, mx2 $MX2_ADDRESS:$MX2_PORT)"
  else
    local joined
    joined=$(printf '%s; ' "${problems[@]}")
    echo "routers: down (${joined%; })"
    return 1
  fi
}

cmd_reset() {
  node_ready
  front_alive || { echo "routers: not running (run routers.sh up)" >&2; exit 1; }
  local start
  start=$(now_ms)
  node "$SIM_DIR/dist/cli.js" reset
  echo "routers: reset in $(elapsed "$start") (empty configuration and simulator state on mx1 and mx2)"
}

case "${1:-}" in
  install) cmd_install ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) echo "usage: $0 install|up|down|status|reset" >&2; exit 2 ;;
esac
