#!/bin/sh
# A PostgreSQL read replica, with the official postgres image: on first start,
# copy the primary with pg_basebackup (-R writes the standby settings: it
# follows the primary's WAL stream), then run as a hot standby that answers
# reads. Runs as the postgres user (docker-compose.yml sets `user`).
#
#   PRIMARY_HOST       the primary's host name (default postgres)
#   POSTGRES_USER      a role allowed to replicate (the image's superuser will do)
#   POSTGRES_PASSWORD  its password
#   PGDATA             the replica's data directory, in its own volume
set -eu
primary="${PRIMARY_HOST:-postgres}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready --host "$primary" --username "$POSTGRES_USER" --quiet; do
    echo "replica: waiting for the primary at $primary"
    sleep 2
  done
  echo "replica: copying the primary"
  PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup --host "$primary" --username "$POSTGRES_USER" \
    --pgdata "$PGDATA" --write-recovery-conf --wal-method stream --checkpoint fast --progress
  chmod 0700 "$PGDATA"
fi

exec postgres -c hot_standby=on -c "shared_buffers=${POSTGRES_SHARED_BUFFERS:-1GB}"
