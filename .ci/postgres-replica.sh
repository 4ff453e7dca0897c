#!/usr/bin/env bash
# Starts a streaming read replica (hot standby) of the PostgreSQL that .ci/postgres.sh starts:
# Debian's cluster "replica" on 127.0.0.1:5433, cloned with `pg_basebackup -R` over the local
# socket as the postgres user. Debian's defaults already allow it (wal_level replica,
# max_wal_senders 10, `local replication all peer` in pg_hba.conf), so the primary is not
# restarted. The replica streams through a physical replication slot, so WAL the primary writes
# faster than it sends (a checkpoint every few seconds under a bulk load) is kept until the
# replica has it; the primary's max_slot_wal_keep_size, if unlimited, is capped at 4GB (a reload)
# so a stopped replica never fills its disk. Safe to run more than once: a replica that streams is
# left alone, one that cannot (its slot lost its WAL while it was stopped) is cloned again.
# The copy is the whole cluster, every database of the primary. Needs the primary running
# (bash .ci/postgres.sh).
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
port=5433
dir=/var/lib/postgresql/$ver/replica
sock=/var/run/postgresql
slot=agentmarket_replica

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
  as_postgres "psql -q -h $sock -p 5432 -tAc \"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$slot'\"" >/dev/null
  # -R writes standby.signal, primary_conninfo and primary_slot_name; -C -S creates the slot;
  # -X stream copies the WAL of the copy itself.
  as_postgres "pg_basebackup -h $sock -p 5432 -D $dir -R -C -S $slot -X stream -c fast"
  pg_ctlcluster "$ver" replica start
}

as_postgres "pg_isready -q -h 127.0.0.1 -p 5432" || { echo "the primary is not running on 127.0.0.1:5432 (bash .ci/postgres.sh)" >&2; exit 1; }
if [ "$(as_postgres "psql -h $sock -p 5432 -tAc 'SHOW max_slot_wal_keep_size'")" = "-1" ]; then
  as_postgres "psql -q -h $sock -p 5432 -c \"ALTER SYSTEM SET max_slot_wal_keep_size = '4GB'\" -c 'SELECT pg_reload_conf()'" >/dev/null
fi
if pg_lsclusters -h 2>/dev/null | grep -q "^$ver replica "; then
  pg_ctlcluster "$ver" replica start >/dev/null 2>&1 || true
  wait_streaming 20 || clone
else
  clone
fi
wait_streaming 60 || { echo "the replica on port $port does not stream from the primary" >&2; exit 1; }
# A test stopped while it had replay paused must not leave the replica frozen.
as_postgres "psql -q -h $sock -p $port -tAc 'SELECT pg_wal_replay_resume()'" >/dev/null
# The read-replica test pauses replay to stand for lag: let the test role do that (granted on the
# primary, replayed onto the standby). Nothing else is granted.
as_postgres "psql -q -h $sock -p 5432 -d agentmarket -c 'GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO agentmarket'"
echo "PostgreSQL $ver read replica streaming on 127.0.0.1:$port"
