#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with the server's default settings (autovacuum on),
# for the test suite: `start DIR PORT` runs initdb into DIR and starts it on
# 127.0.0.1:PORT (trust authentication for the user postgres, loopback only);
# `stop DIR` stops it and deletes DIR. CI uses it so the suite meets PostgreSQL as a
# fresh install configures it, not as this machine's server happens to be tuned.
set -euo pipefail

action=${1:?usage: $0 start DIR PORT | stop DIR}
dir=${2:?usage: $0 start DIR PORT | stop DIR}
bin=${PG_BIN:-/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin}

# initdb and postgres refuse to run as root: run them as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    port=${3:?usage: $0 start DIR PORT}
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --auth=trust --username=postgres \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
      --options="-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
