# Sourced, not run: puts Node 24 first on PATH when the machine's Node is older than 22.12, for a shell
# that runs project tools directly (npx tsc, npx vitest). npm scripts need none of this: they go
# through scripts/node-launcher.mjs, which installs and finds the same Node in .tools/node24.
_nastavnik_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if _nastavnik_dir="$(node "$_nastavnik_root/scripts/node-launcher.mjs" --node-dir)"; then
  [ -n "$_nastavnik_dir" ] && export PATH="$_nastavnik_dir:$PATH"
else
  echo "scripts/ensure-node.sh: could not provide Node 24 (see above)" >&2
fi
unset _nastavnik_root _nastavnik_dir
