"""gunicorn with production settings on PostgreSQL, reached as a browser would,
and a database that goes away and comes back under it.

The server reaches PostgreSQL through a TCP proxy this test controls: stopping
the proxy closes every database connection and refuses new ones, as a database
restart or a network cut does, without touching the PostgreSQL server that
other work shares. The same gunicorn process must serve the friendly 503 page
while the database is away and recover on its own when it is back.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from .servers import (
    BASE_DIR,
    TcpProxy,
    database_url,
    documented_environment,
    fetch,
    free_port,
    fresh_database,
    wait_until,
)

pytestmark = pytest.mark.postgres

HOST = "exchanges.example.org"
# What the TLS-terminating proxy in front of gunicorn adds to each request.
VIA_PROXY = {"X-Forwarded-Proto": "https"}
REDIS_URL = "redis://127.0.0.1:6379/0"


class Server:
    """A running gunicorn: its port, its process and the proxy to its database."""

    def __init__(self, port, process, proxy, log_path):
        self.port, self.process, self.proxy, self.log_path = port, process, proxy, log_path

    def get(self, path, host=HOST, headers=VIA_PROXY):
        return fetch(self.port, path, host=host, headers=headers)

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return set(children.split())


def run_manage(environment, *arguments):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()  # a missing Redis fails, not skips
    static_root = tmp_path_factory.mktemp("static")
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with fresh_database("server") as config:
        postgres = (config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432))
        proxy = TcpProxy(target=postgres, port=free_port())
        proxy.start()
        port = free_port()
        environment = documented_environment(
            DATABASE_URL=database_url(config, "127.0.0.1", proxy.port),
            DATABASE_CONNECT_TIMEOUT="2",
            REDIS_URL=REDIS_URL,
            STATIC_ROOT=str(static_root),
            WEB_CONCURRENCY="2",
            PYTHONUNBUFFERED="1",
        )
        for name in ("EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
            environment.pop(name)  # nothing here sends mail
        run_manage(environment, "collectstatic", "--no-input")
        run_manage(environment, "migrate", "--no-input")
        run_manage(
            environment, "seed_exchanges", "--file", str(BASE_DIR / "tests" / "data" / "seed_exchanges.csv")
        )
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"]
                + ["--bind", f"127.0.0.1:{port}", "config.wsgi"],
                env=environment,
                cwd=BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        running = Server(port, process, proxy, log_path)
        try:
            wait_until(
                lambda: process.poll() is not None or running.get("/healthz"),
                timeout=30,
                message="gunicorn to answer /healthz",
            )
            assert process.poll() is None, f"gunicorn exited:\n{running.log()}"
            yield running
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            proxy.stop()


def answers_ok(response):
    return response is not None and response.status == 200


def a_detail_path(server):
    listing = server.get("/exchanges/")
    # /exchanges/feed/ is the search's Atom feed, not an exchange.
    paths = [
        path
        for path in re.findall(r'href="(/exchanges/[^/"?]+/)"', listing.text)
        if path != "/exchanges/feed/"
    ]
    assert paths, "the list links to no exchange"
    return paths[0]


def assert_friendly_503(response, server):
    assert response is not None, f"no answer:\n{server.log()}"
    assert response.status == 503, f"{response.status}:\n{response.text[:500]}\n{server.log()}"
    assert response.headers["Content-Type"].startswith("text/html")
    assert "The database is out of reach for a moment" in response.text
    assert "Traceback" not in response.text
    assert response.headers["Retry-After"] == "30"
    assert "Content-Security-Policy" in response.headers


def test_it_serves_the_catalogue_pages(server):
    home = server.get("/")
    assert home.status == 200, server.log()
    assert "U.S.-China Exchange Database" in home.text
    listing = server.get("/exchanges/")
    assert listing.status == 200
    assert "exchanges" in listing.text
    detail = server.get(a_detail_path(server))
    assert detail.status == 200
    assert "Sources" in detail.text


def test_each_worker_warms_up_as_it_starts(server):
    # config/warmup.py: both workers loaded the URLconf and the templates before their first request.
    # /healthz answered once one worker was up; the other may still be warming up, so wait for it.
    # The whole log is read: requests logged by tests run before this one may have come since.
    pattern = re.compile(r"config.warmup: Worker warmed up in \d+ ms \((\d+) templates\)")

    def both_warmed():
        found = pattern.findall(server.log_path.read_text(errors="replace"))
        return found if len(found) >= 2 else None

    try:
        warmed = wait_until(both_warmed, timeout=30, message="both workers to log their warm-up")
    except AssertionError as timed_out:
        raise AssertionError(f"{timed_out}\n{server.log()}") from None
    assert len(warmed) == 2, server.log()
    assert all(int(count) >= 20 for count in warmed), warmed
    assert "warm-up failed" not in server.log_path.read_text(errors="replace")


def test_it_answers_healthz_with_json_without_caching(server):
    response = server.get("/healthz")
    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_answers_a_checker_by_ip_over_plain_http(server):
    # A load balancer or the image's HEALTHCHECK: no proxy header, no site host name.
    response = server.get("/healthz", host="127.0.0.1", headers={})
    assert response.status == 200


def test_it_redirects_plain_http_to_https(server):
    response = server.get("/exchanges/", headers={})
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/exchanges/"


def test_it_refuses_hosts_it_does_not_serve(server):
    assert server.get("/", host="intruder.example.com").status == 400


def test_it_sends_the_security_headers(server):
    headers = server.get("/").headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_it_serves_hashed_static_files_for_ever_and_compressed(server):
    home = server.get("/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, "the home page does not link the hashed stylesheet"
    plain = server.get(stylesheet.group(1))
    assert plain.status == 200
    assert b".error-page" in plain.body
    assert plain.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    gzipped = server.get(stylesheet.group(1), headers={**VIA_PROXY, "Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert len(gzipped.body) < len(plain.body)


def test_a_missing_page_gets_the_friendly_404(server):
    response = server.get("/no-such-page/")
    assert response.status == 404
    assert "We cannot find that page" in response.text


def test_it_survives_the_database_going_away_and_recovers_without_a_restart(server):
    detail_path = a_detail_path(server)
    pages = ["/", "/exchanges/", detail_path]
    # Every worker takes a persistent connection (CONN_MAX_AGE) before the cut.
    for _ in range(6):
        for path in ["/healthz", *pages]:
            assert server.get(path).status == 200
    workers = server.worker_pids()
    assert len(workers) == 2

    server.proxy.stop()
    try:
        for _ in range(4):  # several rounds, so both workers meet the outage
            health = server.get("/healthz")
            assert health.status == 503, server.log()
            assert json.loads(health.body) == {
                "status": "unavailable",
                "database": "unreachable",
                "cache": "ok",
            }
            assert "no-store" in health.headers["Cache-Control"]
            for path in pages:
                assert_friendly_503(server.get(path), server)
        # A page that needs no database is still served as usual.
        assert server.get("/no-such-page/").status == 404
    finally:
        server.proxy.start()

    wait_until(lambda: answers_ok(server.get("/healthz")), timeout=20, message="/healthz to recover")
    for _ in range(6):
        for path in ["/healthz", *pages]:
            response = server.get(path)
            assert response.status == 200, f"{path}: {response.status}\n{server.log()}"
    assert server.process.poll() is None
    assert server.worker_pids() == workers, "gunicorn replaced its workers instead of recovering"
    assert "Traceback" not in server.get("/").text
