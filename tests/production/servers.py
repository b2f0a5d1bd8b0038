"""Real processes for the production tests: a database of their own, a TCP
proxy that can cut it off, free ports, and plain HTTP requests.

Test servers listen on ports 8200-8299, the range set aside for them.
"""

import atexit
import contextlib
import email
import email.policy
import functools
import http.client
import http.cookiejar
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg
from aiosmtpd.controller import Controller
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TEST_PORTS = range(8200, 8300)


def _ports_of_this_process():
    """This process's share of TEST_PORTS when the suite runs on several (pytest-xdist's gw0,
    gw1…): a port found free may be bound only after a migration of half a minute (the
    entrypoint's test), and another process once chose it meanwhile ("Address already in use")."""
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    share = len(TEST_PORTS) // count
    if not share or not worker.isdigit():
        return TEST_PORTS
    return TEST_PORTS[int(worker) * share : (int(worker) + 1) * share]


def free_port():
    """A port in this process's share of TEST_PORTS that nothing listens on, tried from a random
    start."""
    ports = _ports_of_this_process()
    start = secrets.randbelow(len(ports))
    for offset in range(len(ports)):
        port = ports[(start + offset) % len(ports)]
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1}.")


def wait_until(condition, timeout, interval=0.2, message="condition"):
    """Call `condition` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {message}.")
        time.sleep(interval)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def fetch(port, path, host="127.0.0.1", headers=None, timeout=15):
    """One GET, redirects not followed; None when nothing answers on the port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        reply = connection.getresponse()
        return Response(reply.status, reply.headers, reply.read())
    except (TimeoutError, ConnectionError):
        return None
    finally:
        connection.close()


def timed_get(site, path):
    """(response, seconds) of a GET of `path` from a LiveSite, waiting up to 40 s."""
    started = time.monotonic()
    response = fetch(site.port, path, host="127.0.0.1", timeout=40)
    return response, time.monotonic() - started


def _connect(config, dbname):
    return psycopg.connect(
        dbname=dbname,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    )


@functools.cache
def _migrated_template(url):
    """The name of a database on the server of `url` (DATABASE_URL) that this process migrated once,
    to copy: migrating an empty database takes about 10 s, copying a migrated one (CREATE DATABASE
    … TEMPLATE) well under one. Dropped when the process ends."""
    base = dj_database_url.parse(url)
    config = {**base, "NAME": f"{base['NAME']}_migrated_{os.getpid()}"}
    with _connect(base, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    atexit.register(_drop_database, config)
    address = (config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432))
    environment = documented_environment(DATABASE_URL=database_url(config, *address), REDIS_URL="")
    run_manage(environment, "migrate", "--no-input")
    return config["NAME"]


def _drop_database(config):
    with contextlib.suppress(psycopg.Error), _connect(config, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(suffix, migrated=False):
    """A new PostgreSQL database on the server DATABASE_URL names, dropped afterwards: empty, or
    with every migration applied when `migrated` (a copy of one this process migrated once).

    Its name is the configured one plus `suffix` and this process's id, so
    parallel runs never share it. Yields its settings (dj-database-url's dict).
    """
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{base['NAME']}_{suffix}_{os.getpid()}"
    with _connect(base, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = f' TEMPLATE "{_migrated_template(os.environ["DATABASE_URL"])}"' if migrated else ""
        admin.execute(f'CREATE DATABASE "{name}"{template}')
        try:
            yield {**base, "NAME": name}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@functools.cache
def collected_static():
    """A STATIC_ROOT this process collected once with production's settings, for the sites that
    only serve it (tests/production/test_static.py tests collecting itself)."""
    root = Path(tempfile.mkdtemp(prefix="exchanges-static-"))
    atexit.register(shutil.rmtree, root, True)
    run_manage(documented_environment(STATIC_ROOT=str(root), REDIS_URL=""), "collectstatic", "--no-input")
    return root


@contextlib.contextmanager
def database_proxy():
    """PostgreSQL reached through a TcpProxy on a free port, which a test stops and starts: the
    database going away and coming back."""
    proxy = TcpProxy(("127.0.0.1", 5432), free_port())
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


class Inbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"

    def subjects(self):
        return [
            str(email.message_from_bytes(envelope.content, policy=email.policy.default)["Subject"]).strip()
            for envelope in self.messages
        ]


@contextlib.contextmanager
def smtp_server(inbox):
    """A real SMTP server on a free port handing what it receives to `inbox` (an aiosmtpd
    handler); yields its port."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def mail_settings(port):
    """The settings of a site that sends its emails to the SMTP server on `port`, in plain text,
    and tells the moderators at desk@example.org."""
    return {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "MODERATOR_EMAILS": "desk@example.org",
    }


def database_url(config, host, port):
    """A postgres:// URL for `config`'s database, reached at host:port."""
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{host}:{port}/{config['NAME']}"


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target`, so a test can cut a server off.

    stop() closes the listening socket and every forwarded connection, as a
    database that goes away would; start() listens again on the same port.
    stall() stops forwarding anything while keeping every connection open and
    accepting new ones, as a network path that silently stops does; resume()
    forwards again.
    """

    def __init__(self, target, port):
        self.target, self.port = target, port
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = None
        self._threads = []
        self._flowing = threading.Event()
        self._flowing.set()

    def stall(self):
        self._flowing.clear()

    def resume(self):
        self._flowing.set()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._spawn(self._accept, listener)

    def stop(self):
        listener, self._listener = self._listener, None
        if listener:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = [thread for thread in self._threads if thread.is_alive()]

    def _spawn(self, function, *args):
        thread = threading.Thread(target=function, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener):
        listener.settimeout(0.2)
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._sockets.add(client)
            while not self._flowing.is_set() and self._listener is listener:
                time.sleep(0.05)  # accepted, and then nothing: the client waits for an answer
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
                client.settimeout(None)
            except OSError:  # the target is down, or stop() closed the client while it waited
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, source, destination):
        try:
            while data := source.recv(65536):
                while not self._flowing.wait(timeout=0.2):
                    if self._listener is None:
                        return
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def documented_environment(**overrides):
    """production.env.example as a dict, with a freshly made SECRET_KEY, as an operator fills it in.

    Nothing from the test run's own environment leaks in but PATH.
    """
    environment = {"PATH": os.environ["PATH"]}
    for line in (BASE_DIR / "production.env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            environment[name] = value.strip('"')
    environment["SECRET_KEY"] = secrets.token_urlsafe(50)
    # These servers test rendering under faults (a database gone or stalled), which a page from
    # the cache would hide; the page cache has its own tests (tests/exchanges/test_page_cache.py).
    environment["PAGE_CACHE"] = "false"
    environment.update(overrides)
    return environment


def run_manage(environment, *arguments, timeout=180):
    """`manage.py` with `environment`, as an operator runs it; fails the test if the command fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{result.stderr}"
    return result


class Process:
    """A child process whose output goes to a log file the test can show when it fails."""

    def __init__(self, arguments, environment, log_path):
        self.log_path = log_path
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                arguments, env=environment, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT
            )

    def log(self, tail=6000):
        return self.log_path.read_text(errors="replace")[-tail:]

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


class LiveSite:
    """gunicorn with production settings on a fresh PostgreSQL database of its own.

    `database` is the database's settings (dj-database-url's dict); `environment`
    what gunicorn runs with, for `manage.py` commands and a worker beside it.
    """

    def __init__(self, port, gunicorn, environment, database, log_dir):
        self.port, self.gunicorn, self.environment = port, gunicorn, environment
        self.database, self.log_dir = database, log_dir
        self.workers = []

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def start_worker(self, *arguments):
        """`manage.py db_worker`, as the README runs it beside the site."""
        worker = Process(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", *arguments],
            self.environment,
            self.log_dir / f"worker{len(self.workers)}.log",
        )
        self.workers.append(worker)
        return worker

    def connect(self):
        """A psycopg connection to the site's database (autocommit), to look at what is stored."""
        return _connect(self.database, self.database["NAME"])

    def log(self):
        return self.gunicorn.log() + "".join(f"\n--- worker\n{worker.log()}" for worker in self.workers)


@contextlib.contextmanager
def live_site(log_dir, suffix, database_port=None, **overrides):
    """A LiveSite on http://127.0.0.1:<free port>/ with the documented environment plus
    `overrides`; plain HTTP (no TLS proxy in front), its host 127.0.0.1. Stopped afterwards.
    Its database starts migrated and its static files collected (copies made once per process).

    `database_port` reaches PostgreSQL through another port (a TcpProxy) instead.
    """
    with fresh_database(suffix, migrated=True) as config:
        host, port = config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432)
        address = ("127.0.0.1", database_port) if database_port else (host, port)
        environment = documented_environment(
            **{
                "DATABASE_URL": database_url(config, *address),
                "ALLOWED_HOSTS": "127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": "",
                "HTTPS": "false",
                "BEHIND_PROXY": "false",
                "STATIC_ROOT": str(collected_static()),
                "WEB_CONCURRENCY": "3",
                "PYTHONUNBUFFERED": "1",
                **overrides,
            }
        )
        with served(environment, config, log_dir, prepared=True) as site:
            yield site


@contextlib.contextmanager
def served(environment, database, log_dir, prepared=False):
    """The site under gunicorn with `environment` (a value of None leaves that setting out), its
    static files collected and its database migrated first unless `prepared` says both are done:
    a LiveSite, stopped afterwards with its workers. `database`: the site's database settings,
    for LiveSite.database."""
    environment = {name: value for name, value in environment.items() if value is not None}
    if not prepared:
        run_manage(environment, "collectstatic", "--no-input")
        run_manage(environment, "migrate", "--no-input")
    port = free_port()
    gunicorn = Process(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "config.wsgi"],
        environment,
        log_dir / "gunicorn.log",
    )
    site = LiveSite(port, gunicorn, environment, database, log_dir)
    try:
        wait_until(
            lambda: not gunicorn.alive() or fetch(port, "/healthz"),
            timeout=30,
            message="gunicorn to answer /healthz",
        )
        assert gunicorn.alive(), f"gunicorn exited:\n{gunicorn.log()}"
        yield site
    finally:
        for process in [*site.workers, gunicorn]:
            process.stop()


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer itself, to be looked at (urllib raises it as an HTTPError)."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser against a LiveSite: cookies (session, CSRF), forms, redirects followed."""

    def __init__(self, site, timeout=30, follow_redirects=True):
        self.site, self.timeout = site, timeout
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if not follow_redirects:
            handlers.append(KeepRedirects())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.site.url(path), body, timeout=self.timeout) as reply:
                return Response(reply.status, reply.headers, reply.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path):
        return self.request(path)

    def csrf_token(self):
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")

    def post(self, path, data):
        """POST a form, as a browser does after showing it (so the CSRF cookie is there)."""
        if not self.csrf_token():
            self.get(path)
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token()})

    def log_in(self, username, password):
        self.get("/admin/login/")
        response = self.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        assert "Log out" in response.text, f"could not log in as {username}:\n{response.text[:500]}"
