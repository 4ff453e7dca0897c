#!/usr/bin/env bash
# Starts a streaming read replica (hot standby) of the PostgreSQL that .ci/postgres.sh starts:
# Debian's cluster "replica" on 127.0.0.1:5433, cloned with `pg_basebackup -R` over the local
# socket as the postgres user. Debian's defaults already allow it (wal_level replica,
# max_wal_senders 10, `local replication all peer` in pg_hba.conf), so the primary is neither
# reconfigured nor restarted. Safe to run more than once: a replica that streams is left alone,
# one that cannot catch up (its WAL recycled on the primary while it was stopped: there is no
# replication slot, so a stopped replica never makes the primary keep WAL) is cloned again.
# Needs the primary running (bash .ci/postgres.sh).
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
port=5433
dir=/var/lib/postgresql/$ver/replica
sock=/var/run/postgresql

as_postgres() { su postgres -c "$1"; }
streaming() {
  as_postgres "psql -q -h $sock -p $port -tAc 'SELECT status FROM pg_stat_wal_receiver'" 2>/dev/null | grep -q streaming
}
wait_streaming() {
  for _ in $(seq 1 "$1"); do
    streaming && return 0
    sleep 1
  done
  return 1
}
clone() {
  pg_ctlcluster "$ver" replica stop 2>/dev/null || true
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver replica "; then
    pg_createcluster "$ver" replica -p "$port" >/dev/null
  fi
  rm -rf "$dir"
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL of the copy itself.
  as_postgres "pg_basebackup -h $sock -p 5432 -D $dir -R -X stream -c fast"
  pg_ctlcluster "$ver" replica start
}

as_postgres "pg_isready -q -h 127.0.0.1 -p 5432" || { echo "the primary is not running on 127.0.0.1:5432 (bash .ci/postgres.sh)" >&2; exit 1; }
if pg_lsclusters -h 2>/dev/null | grep -q "^$ver replica "; then
  pg_ctlcluster "$ver" replica start >/dev/null 2>&1 || true
  wait_streaming 20 || clone
else
  clone
fi
wait_streaming 60 || { echo "the replica on port $port does not stream from the primary" >&2; exit 1; }
# The read-replica test pauses replay to stand for lag: let the test role do that (granted on the
# primary, replayed onto the standby). Nothing else is granted.
as_postgres "psql -q -h $sock -p 5432 -d agentmarket -c 'GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO agentmarket'"
echo "PostgreSQL $ver read replica streaming on 127.0.0.1:$port"
