#!/usr/bin/env bash
# Install code-server (VS Code in the browser) from the npm registry, without any non-npm download.
#
#   bash scripts/install-code-server.sh            # installs into the cache folder (below)
#   bash scripts/install-code-server.sh --with-browser   # also Debian's Chromium and CJK fonts, for the e2e tests
#   CODE_SERVER_DIR=/some/dir bash scripts/install-code-server.sh
#
# Folder: $CODE_SERVER_DIR, default ${XDG_CACHE_HOME:-$HOME/.cache}/corpus-study/code-server-<version>.
# Version: $CODE_SERVER_VERSION, default 4.100.3 (VS Code 1.100.3; the newest code-server whose engines accept Node 20).
# Idempotent: when the folder holds a working install (`code-server --version` answers), nothing is done.
#
# Why not a plain `npm i code-server`: (1) its postinstall makes @vscode/ripgrep download rg from GitHub,
# (2) argon2's prebuilt binary is fetched from GitHub, (3) node-pty's build runs `npx node-gyp`, refused when
# npm's `yes` is false. So: install with --ignore-scripts, build argon2 from source, seed @vscode/ripgrep with
# Debian's `rg`, run the remaining install scripts with npm_config_yes=true, and make the symlinks that
# code-server's own postinstall.sh would have made. Needs the apt packages listed in NEEDED_APT below.
#
# The install is done in "<dir>.partial" and renamed to <dir> only when it works, so an interrupted run never
# leaves a folder that looks installed. Prints the entry point on its last line.
set -euo pipefail

VER=${CODE_SERVER_VERSION:-4.100.3}
DIR=${CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corpus-study/code-server-$VER}
NEEDED_APT=(ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3)
# The real-editor tests drive Debian's Chromium; fonts-wqy-microhei draws the Chinese in screenshots.
[ "${1:-}" = --with-browser ] && NEEDED_APT+=(chromium fonts-wqy-microhei)

log() { printf '[install-code-server] %s\n' "$*" >&2; }
entry() { printf '%s/node_modules/code-server/out/node/entry.js' "$1"; }

works() { # is there a usable install in $1?
  local d=$1
  [ -f "$d/.corpus-study-installed" ] || return 1
  [ -f "$(entry "$d")" ] || return 1
  [ -x "$d/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || return 1
  timeout 60 node "$(entry "$d")" --version >/dev/null 2>&1
}

# ---- system prerequisites -------------------------------------------------------------------------------
missing=()
for p in "${NEEDED_APT[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # As root, or with sudo that needs no password, install them; otherwise say the command.
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
    log "installing apt packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "missing apt packages: ${missing[*]}"
    log "run:  apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
fi
if works "$DIR"; then
  log "already installed: $DIR ($(node "$(entry "$DIR")" --version 2>/dev/null | head -1))"
  echo "$(entry "$DIR")"
  exit 0
fi

command -v rg >/dev/null || { log "rg not on PATH (apt-get install -y ripgrep)"; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  { log "Node >= 20 needed, found $(node --version)"; exit 1; }

# ---- install into <dir>.partial -------------------------------------------------------------------------
export npm_config_yes=true            # node-pty's install runs `npx node-gyp ...`
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
T0=$SECONDS
WORK="$DIR.partial"
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
printf '{ "name": "corpus-study-code-server", "private": true }\n' > package.json

log "1/5 npm i code-server@$VER --ignore-scripts  (into $WORK)"
npm i "code-server@$VER" --ignore-scripts --no-audit --no-fund --loglevel=error >&2

log "2/5 building argon2 from source (its prebuilt download is not reachable)"
npm rebuild argon2 --foreground-scripts --loglevel=error >&2

CS="$WORK/node_modules/code-server"
cd "$CS/lib/vscode"
log "3/5 VS Code server dependencies (ripgrep seeded from $(command -v rg))"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg   # its postinstall exits early when bin/ exists
npm rebuild --foreground-scripts --loglevel=error >&2

log "4/5 symlinks made by code-server's postinstall.sh"
rm -rf node_modules.asar; ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)

log "5/5 built-in extensions' dependencies"
cd extensions
npm install --omit=dev --no-audit --no-fund --foreground-scripts --loglevel=error >&2

cd /
date -u +%FT%TZ > "$WORK/.corpus-study-installed"
if ! works "$WORK"; then
  log "install finished but 'code-server --version' fails in $WORK"; exit 1
fi
rm -rf "$DIR"; mv "$WORK" "$DIR"
works "$DIR" || { log "install moved to $DIR but does not run"; exit 1; }
log "installed code-server $(node "$(entry "$DIR")" --version | head -1) in $((SECONDS - T0)) s: $DIR ($(du -sh "$DIR" | cut -f1))"
echo "$(entry "$DIR")"
