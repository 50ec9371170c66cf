#!/usr/bin/env bash
# Provides the real peer servers the test suite talks to (docs/architecture.md, "Tests").
# `npm test` runs it before ava. As root it installs missing Debian packages; otherwise
# it says exactly what is missing. With CI=true a missing peer fails the run; without,
# the tests that need it are skipped. Safe to rerun: whatever is already up is reused.
# Results go to .tmp/peers.env (KEY=value lines) for test/helpers/peers.ts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$ROOT/.tmp"
ENV_FILE="$TMP/peers.env"
PG_PORT="${GATEWAY_TEST_PG_PORT:-55432}"
CI_STRICT=false; [[ "${CI:-}" == "true" ]] && CI_STRICT=true
IS_ROOT=false; [[ "$(id -u)" == 0 ]] && IS_ROOT=true

say() { printf 'peers: %s\n' "$*"; }

# ---------------------------------------------------------------- the peers ---
# To add a peer, add one `peer` line: name, a check command (bash; exit 0 when the
# peer is installed; use absolute paths for tools in /usr/sbin, which is not on a
# plain user's PATH), and the Debian packages that provide it. If the peer is a
# server the tests need running, also define `start_<name>` (dashes become
# underscores) below: it runs once the peer is installed, brings the server up
# (reusing one already up; start daemons through `closing_fds`), calls
# `export_env KEY value` for .tmp/peers.env, and returns non-zero when it cannot.
# A peer whose Debian package needs answers before it installs, or does something on
# install the tests must undo, may define `preinstall_<name>` / `postinstall_<name>`
# (run as root around its apt-get install).
# For example:
#   peer radicale       'command -v radicale'                 'radicale'
#   peer slapd          'test -x /usr/sbin/slapd && command -v ldapadd' 'slapd ldap-utils'
#   peer chromium       'test -x /usr/bin/chromium'           'chromium'
#   peer python3-caldav 'python3 -c "import caldav"'          'python3-caldav'
NAMES=(); CHECKS=(); PKGS=()
peer() { NAMES+=("$1"); CHECKS+=("$2"); PKGS+=("$3"); }

peer postgresql 'pg_bindir >/dev/null && command -v psql >/dev/null' 'postgresql postgresql-client'
peer slapd      'test -x /usr/sbin/slapd && command -v ldapadd && command -v openssl' 'slapd ldap-utils openssl'
peer chromium   'test -x /usr/bin/chromium' 'chromium fonts-dejavu-core'
peer python3-caldav '/usr/bin/python3 -c "import caldav"' 'python3-caldav'
peer radicale '/usr/bin/python3 -c "import radicale"' 'radicale'
peer xmllint 'command -v xmllint' 'libxml2-utils'
peer vdirsyncer '/usr/bin/python3 -c "import vdirsyncer" && command -v vdirsyncer' 'vdirsyncer'
peer khard 'command -v khard' 'khard'
peer python3-jsonschema '/usr/bin/python3 -c "import jsonschema"' 'python3-jsonschema'
peer haproxy 'test -x /usr/sbin/haproxy' 'haproxy'
peer python3-exchangelib '/usr/bin/python3 -c "import exchangelib"' 'python3-exchangelib'

# --------------------------------------------------------------- PostgreSQL ---
# A throw-away cluster on 127.0.0.1:$PG_PORT with trust auth over loopback TCP only,
# never the system cluster. postgres refuses to run as root, so as root it runs as
# the `postgres` system user that the Debian package creates.

pg_bindir() { # newest /usr/lib/postgresql/<ver>/bin with a server in it
  local d
  d="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)" || true
  [[ -n "$d" ]] || return 1
  dirname "$d"
}

as_pg() { if $IS_ROOT; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

# A server started from here must not inherit our descriptors: the lock on fd 9
# would block every later run, and a caller's pipe would never see EOF.
closing_fds() (
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    if ((fd > 2)); then eval "exec $fd>&-"; fi
  done 2>/dev/null
  "$@"
)

pg_base_dir() { # .tmp/pg, or a private /tmp dir when postgres cannot reach the tree
  local base="$TMP/pg"
  mkdir -p "$base"
  if $IS_ROOT; then
    chmod a+rx "$TMP"
    chown -R postgres:postgres "$base" && chmod 700 "$base" # may have been a plain user's
    if ! runuser -u postgres -- test -w "$base"; then
      base="${TMPDIR:-/tmp}/gateway-test-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
      mkdir -p "$base" && chown postgres:postgres "$base" && chmod 700 "$base"
      say "postgres user cannot reach $TMP; cluster lives in $base" >&2
    fi
  fi
  printf '%s\n' "$base"
}

pg_init() { # $1 bindir, $2 data dir
  local bin="$1" data="$2" ver
  ver="$(basename "$(dirname "$bin")")"
  if [[ -d "$data" ]] && [[ "$(cat "$data/PG_VERSION" 2>/dev/null || true)" != "$ver" ]]; then
    rm -rf "$data" # half-made or from another major version: it is throw-away
  fi
  [[ -d "$data" ]] && return 0
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >/dev/null ||
    { rm -rf "$data"; return 1; }
  printf '%s\n' '# throw-away test cluster: trust, loopback TCP only' \
    'host all         all 127.0.0.1/32 trust' \
    'host replication all 127.0.0.1/32 trust' | as_pg tee "$data/pg_hba.conf" >/dev/null
  # Durability is pointless for test data; no unix socket, so no clash with /run/postgresql.
  printf '%s\n' '' '# scripts/test-peers.sh' "listen_addresses = '127.0.0.1'" \
    "unix_socket_directories = ''" 'fsync = off' 'synchronous_commit = off' \
    'full_page_writes = off' 'max_connections = 200' | as_pg tee -a "$data/postgresql.conf" >/dev/null
}

start_postgresql() {
  local bin base data url="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  bin="$(pg_bindir)" || return 1
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2; then
    export_env GATEWAY_TEST_PG_URL "$url"
    say "postgresql ready at 127.0.0.1:$PG_PORT (already running)"
    return 0
  fi
  # Hooks run in `||` context, where set -e is off: every step checks for itself.
  if $IS_ROOT && ! id -u postgres >/dev/null 2>&1; then
    say "no postgres system user to run the cluster as (reinstall the postgresql package)" >&2
    return 1
  fi
  base="$(pg_base_dir)" || return 1
  data="$base/data"
  pg_init "$bin" "$data" || { say "initdb failed for $data" >&2; return 1; }
  # Running, but not on the port asked for (GATEWAY_TEST_PG_PORT changed): restart.
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || return 1
  fi
  if ! closing_fds as_pg "$bin/pg_ctl" -D "$data" -l "$base/postgres.log" -w -t 60 -o "-p $PG_PORT" start >/dev/null; then
    say "postgresql failed to start on 127.0.0.1:$PG_PORT; last lines of $base/postgres.log:" >&2
    tail -n 15 "$base/postgres.log" >&2 || true
    return 1
  fi
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 10 || return 1
  export_env GATEWAY_TEST_PG_URL "$url"
  say "postgresql ready at 127.0.0.1:$PG_PORT (started, data in ${data#"$ROOT"/})"
}

# -------------------------------------------------------------------- slapd ---
# OpenLDAP for the directory-login tests. Only installed here: each test starts its own
# slapd from a temp dir (test/helpers/slapd.ts), so the package's own database and
# service are unwanted. no_configuration skips the default dc=nodomain database.
preinstall_slapd() {
  echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections
}

# Containers usually forbid service starts (policy-rc.d); elsewhere the package may start
# a system slapd on port 389. Stop it through its own init system, never by process name.
postinstall_slapd() {
  local pid
  pid="$(cat /run/slapd/slapd.pid 2>/dev/null || true)"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
  say "the slapd package started a system slapd (pid $pid); stopping it"
  if command -v systemctl >/dev/null && systemctl is-active --quiet slapd 2>/dev/null; then
    systemctl stop slapd || return 1
    systemctl disable slapd >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/slapd ]]; then
    /etc/init.d/slapd stop >/dev/null || return 1
  fi
}

# ------------------------------------------------------------------ haproxy ---
# The load balancer in front of several gateway replicas (test/helpers/replicas/). Each test
# starts its own haproxy from a temp config on loopback ports, so a system service the
# package may have started is unwanted: stop it through its own init system.
postinstall_haproxy() {
  local pid
  pid="$(cat /run/haproxy.pid 2>/dev/null || true)"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
  say "the haproxy package started a system haproxy (pid $pid); stopping it"
  if command -v systemctl >/dev/null && systemctl is-active --quiet haproxy 2>/dev/null; then
    systemctl stop haproxy || return 1
    systemctl disable haproxy >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/haproxy ]]; then
    /etc/init.d/haproxy stop >/dev/null || return 1
  fi
}

# --------------------------------------------------------------------- main ---
ENV_LINES=()
export_env() { ENV_LINES+=("$1=$2"); }

present() { (eval "${CHECKS[$1]}") >/dev/null 2>&1; }

mkdir -p "$TMP"
# Two test runs at once must not both initdb the same cluster.
exec 9>"$TMP/peers.lock"
if command -v flock >/dev/null && ! flock -w 120 9; then
  say "another scripts/test-peers.sh still holds .tmp/peers.lock after 120 s" >&2
  exit 1
fi

missing=()
for i in "${!NAMES[@]}"; do present "$i" || missing+=("$i"); done

if ((${#missing[@]})) && $IS_ROOT; then
  updated=false
  still=()
  for i in "${missing[@]}"; do
    say "installing ${NAMES[$i]}: ${PKGS[$i]} (log: .tmp/apt.log)"
    if ! $updated; then apt-get update -qq >>"$TMP/apt.log" 2>&1 || true; updated=true; fi
    hook="preinstall_${NAMES[$i]//-/_}"
    if declare -F "$hook" >/dev/null; then "$hook" || say "$hook failed"; fi
    # shellcheck disable=SC2086 # PKGS is a space-separated package list
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PKGS[$i]} \
      >>"$TMP/apt.log" 2>&1 || say "apt-get install ${PKGS[$i]} failed; see .tmp/apt.log"
    hook="postinstall_${NAMES[$i]//-/_}"
    if declare -F "$hook" >/dev/null; then "$hook" || say "$hook failed"; fi
    present "$i" || still+=("$i")
  done
  missing=("${still[@]}")
fi

unavailable=()
install_pkgs=""
for i in "${missing[@]}"; do
  say "MISSING ${NAMES[$i]} (check failed: ${CHECKS[$i]})"
  unavailable+=("${NAMES[$i]}")
  install_pkgs+=" ${PKGS[$i]}"
done
if [[ -n "$install_pkgs" ]] && ! $IS_ROOT; then
  say "install with: sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends${install_pkgs}"
  say "(or rerun this script as root: bash scripts/test-peers.sh)"
fi

for i in "${!NAMES[@]}"; do
  [[ " ${missing[*]} " == *" $i "* ]] && continue
  hook="start_${NAMES[$i]//-/_}"
  if declare -F "$hook" >/dev/null; then
    "$hook" 9>&- || { say "${NAMES[$i]} installed but could not be started"; unavailable+=("${NAMES[$i]}"); }
  else
    say "${NAMES[$i]} present"
  fi
done

tmp_env="$(mktemp "$TMP/peers.env.XXXXXX")"
if ((${#ENV_LINES[@]})); then printf '%s\n' "${ENV_LINES[@]}" >"$tmp_env"; fi
chmod 644 "$tmp_env"
mv -f "$tmp_env" "$ENV_FILE"

if ((${#unavailable[@]})); then
  if $CI_STRICT; then
    say "CI=true requires every peer; unavailable: ${unavailable[*]}" >&2
    exit 1
  fi
  say "tests that need ${unavailable[*]} will be skipped (CI=true would fail instead)"
fi
exit 0
