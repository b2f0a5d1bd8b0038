"""docker/entrypoint.sh, run outside a container against the local PostgreSQL:
it waits for the database, migrates, seeds when asked, then becomes the command."""

import csv
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from .servers import (
    BASE_DIR,
    database_url,
    documented_environment,
    fetch,
    free_port,
    fresh_database,
    wait_until,
)

pytestmark = pytest.mark.postgres

ENTRYPOINT = BASE_DIR / "docker" / "entrypoint.sh"


def entrypoint_environment(**overrides):
    # `python` on the PATH is this virtual environment's, as /venv/bin is in the image.
    environment = documented_environment(**{"DATABASE_WAIT_TIMEOUT": "10", **overrides})
    environment["PATH"] = f"{Path(sys.executable).parent}:{environment['PATH']}"
    return environment


def tables(config):
    with psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    ) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def test_it_migrates_seeds_and_starts_gunicorn(tmp_path):
    port = free_port()
    with fresh_database("entrypoint") as config:
        environment = entrypoint_environment(
            DATABASE_URL=database_url(config, config["HOST"] or "127.0.0.1", config["PORT"] or 5432),
            SEED_IF_EMPTY="true",
            WEB_CONCURRENCY="1",
            STATIC_ROOT=str(tmp_path),
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=environment,
            cwd=BASE_DIR,
            check=True,
            timeout=120,
        )
        log_path = tmp_path / "entrypoint.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [str(ENTRYPOINT), "gunicorn", "--config", "config/gunicorn.conf.py"]
                + ["--bind", f"127.0.0.1:{port}", "config.wsgi"],
                env=environment,
                cwd=tmp_path,  # the script finds the project by its own path
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(
                lambda: process.poll() is not None or fetch(port, "/healthz"),
                timeout=90,
                message="the entrypoint to start gunicorn",
            )
            output = log_path.read_text()
            assert process.poll() is None, output
            assert "The database answers." in output
            assert "Applying exchanges.0001_initial... OK" in output
            home = fetch(port, "/", host="exchanges.example.org", headers={"X-Forwarded-Proto": "https"})
            assert home.status == 200, output
            # The starter catalogue, loaded whole.
            with (BASE_DIR / "fixtures" / "exchanges.csv").open(encoding="utf-8", newline="") as starter:
                rows = sum(1 for _row in csv.DictReader(starter))
            assert f"An open record of {rows} exchanges" in home.text
        finally:
            process.terminate()
            process.wait(timeout=15)
        # gunicorn, not a shell, received the stop signal and shut down cleanly.
        assert process.returncode == 0, log_path.read_text()


def test_it_skips_migrations_when_told(tmp_path):
    with fresh_database("entrypoint_nomigrate") as config:
        environment = entrypoint_environment(
            DATABASE_URL=database_url(config, config["HOST"] or "127.0.0.1", config["PORT"] or 5432),
            MIGRATE_ON_START="false",
        )
        result = subprocess.run(
            [str(ENTRYPOINT), "true"], env=environment, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert tables(config) == set()


def test_it_stops_before_the_command_when_the_database_never_answers(tmp_path):
    marker = tmp_path / "started"
    environment = entrypoint_environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/exchanges",
        DATABASE_WAIT_TIMEOUT="2",
    )
    result = subprocess.run(
        [str(ENTRYPOINT), "touch", str(marker)], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "did not answer within 2 s" in result.stderr
    assert not marker.exists()
