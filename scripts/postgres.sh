# A throwaway PostgreSQL cluster for the work-store tests (issue #12), sourced by test.sh:
# `pg_start` runs initdb + pg_ctl from Debian's `postgresql` package (installed when missing) in a
# temp folder, on 127.0.0.1 and a free port, and exports TRAPPAN_TEST_POSTGRES (an admin URL the
# tests create one database per test from); `pg_stop` stops it and deletes the folder (test.sh calls
# it from an EXIT trap, so a failed or interrupted run leaves nothing behind). initdb refuses to run
# as root, so as root the cluster runs as the `postgres` user the package creates.
PG_DIR=""

_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_start() {
  local bin port as=""
  bin="$(_pg_bin)"
  if [ -z "$bin" ]; then
    . scripts/apt.sh
    apt_install postgresql
    bin="$(_pg_bin)"
  fi
  PG_DIR="$(mktemp -d /tmp/trappan-pg.XXXXXX)"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    as="runuser -u postgres --"
  fi
  $as "$bin/initdb" -D "$PG_DIR/data" -U trappan --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  $as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  export TRAPPAN_TEST_POSTGRES="postgresql://trappan@127.0.0.1:$port/postgres"
  echo "PostgreSQL för testerna: $TRAPPAN_TEST_POSTGRES" >&2
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  local as=""
  [ "$(id -u)" -eq 0 ] && as="runuser -u postgres --"
  $as "$(_pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
