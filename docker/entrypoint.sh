#!/bin/sh
# Start a web instance: wait for the database, bring its schema up to date,
# optionally seed an empty catalogue, then replace this shell with the command
# (gunicorn, from the Dockerfile's CMD), so it receives the stop signals.
#
#   DATABASE_WAIT_TIMEOUT  seconds to wait for the database (default 60)
#   MIGRATE_ON_START       run `migrate` first (default true; with several web
#                          instances, let one of them or a release step do it)
#   SEED_IF_EMPTY          load the seed exchanges into an empty database (default false)
set -eu
cd "$(dirname "$0")/.."

python manage.py wait_for_db --timeout "${DATABASE_WAIT_TIMEOUT:-60}"
if [ "${MIGRATE_ON_START:-true}" = true ]; then
  python manage.py migrate --no-input
fi
if [ "${SEED_IF_EMPTY:-false}" = true ]; then
  python manage.py seed_exchanges --if-empty
fi
exec "$@"
