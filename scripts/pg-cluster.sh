#!/usr/bin/env bash
# A throwaway PostgreSQL cluster (15 here) for tests, CI and the bench: initdb into a temp
# directory, a server on 127.0.0.1:<free port> (and a unix socket in the same directory), trust
# authentication (loopback only, thrown away afterwards), fsync left on.
#
#   bash scripts/pg-cluster.sh available      exit 0 when the server binaries are here
#   bash scripts/pg-cluster.sh start [DIR]    create and start; the last line printed is the
#                                             cluster directory, DIR/url holds the database URL
#   bash scripts/pg-cluster.sh restart DIR    pg_ctl restart -m fast (tests of server restarts)
#   bash scripts/pg-cluster.sh pause DIR      stop the server, keep the cluster (tests of outages)
#   bash scripts/pg-cluster.sh resume DIR     start it again on the same port
#   bash scripts/pg-cluster.sh stop DIR       stop it (fast, else immediate) and delete DIR
#
# initdb refuses to run as root: as root the cluster belongs to the OS user $PG_CLUSTER_USER
# (default "postgres"), created with useradd when it does not exist (a fresh CI machine).
# Binaries: $PG_BIN_DIR, else /usr/lib/postgresql/15/bin, else `pg_config --bindir`.
set -euo pipefail

bin_dir() {
  local d
  for d in "${PG_BIN_DIR:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

CLUSTER_USER="${PG_CLUSTER_USER:-postgres}"

# Run a command as the cluster's owner (ourselves unless we are root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$CLUSTER_USER" -- "$@"; else "$@"; fi
}

ensure_owner() {
  [ "$(id -u)" = 0 ] || return 0
  id -u "$CLUSTER_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --shell /usr/sbin/nologin "$CLUSTER_USER"
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start_server() {
  # max_connections: every replica and test backend holds a small pool.
  as_owner "$BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-k $1 -p $2 -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
    || { cat "$1/server.log" >&2; exit 1; }
}

cmd="${1:-}"
case "$cmd" in
  available)
    bin_dir >/dev/null
    ;;
  start)
    BIN="$(bin_dir)" || { echo "pg-cluster: no PostgreSQL server binaries (initdb, pg_ctl) found" >&2; exit 1; }
    dir="${2:-$(mktemp -d "${TMPDIR:-/tmp}/connections-pg-XXXXXX")}"
    mkdir -p "$dir"
    ensure_owner
    [ "$(id -u)" = 0 ] && chown "$CLUSTER_USER" "$dir"
    chmod 700 "$dir"
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    echo "$port" >"$dir/port"
    start_server "$dir" "$port"
    echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
    echo "pg-cluster: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data" >&2
    echo "$dir"
    ;;
  restart)
    BIN="$(bin_dir)"
    dir="${2:?usage: pg-cluster.sh restart DIR}"
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
  pause)
    BIN="$(bin_dir)"
    dir="${2:?usage: pg-cluster.sh pause DIR}"
    as_owner "$BIN/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null
    ;;
  resume)
    BIN="$(bin_dir)"
    dir="${2:?usage: pg-cluster.sh resume DIR}"
    start_server "$dir" "$(cat "$dir/port")"
    ;;
  stop)
    dir="${2:?usage: pg-cluster.sh stop DIR}"
    if [ -d "$dir/data" ] && BIN="$(bin_dir)"; then
      as_owner "$BIN/pg_ctl" -D "$dir/data" -w -t 30 -m fast stop >/dev/null 2>&1 \
        || as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-cluster.sh available | start [DIR] | restart DIR | pause DIR | resume DIR | stop DIR" >&2
    exit 2
    ;;
esac
