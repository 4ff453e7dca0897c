#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages (if missing), starts it on 127.0.0.1:5432 and
# creates the role and database the tests use. Safe to run more than once.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='agentmarket'\"" | grep -q 1 ||
  su postgres -c "psql -q -c \"CREATE ROLE agentmarket LOGIN PASSWORD 'agentmarket' CREATEDB\""
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='agentmarket'\"" | grep -q 1 ||
  su postgres -c "psql -q -c \"CREATE DATABASE agentmarket OWNER agentmarket\""
echo "PostgreSQL $ver ready on 127.0.0.1:5432"
