#!/bin/sh
# Run once by the official postgres image when it initialises the primary's
# data directory (/docker-entrypoint-initdb.d): let the replicas connect for
# streaming replication, with the same password as every other connection.
# A primary initialised before this file existed needs the same line added to
# its pg_hba.conf once, then `SELECT pg_reload_conf()`.
set -eu
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
