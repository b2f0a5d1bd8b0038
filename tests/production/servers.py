"""Real processes for the production tests: a database of their own, a TCP
proxy that can cut it off, free ports, and plain HTTP requests.

Test servers listen on ports 8200-8299, the range set aside for them.
"""

import contextlib
import http.client
import os
import secrets
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TEST_PORTS = range(8200, 8300)


def free_port():
    """A port in TEST_PORTS that nothing listens on, tried from a random start."""
    start = secrets.randbelow(len(TEST_PORTS))
    for offset in range(len(TEST_PORTS)):
        port = TEST_PORTS[(start + offset) % len(TEST_PORTS)]
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {TEST_PORTS.start}-{TEST_PORTS.stop - 1}.")


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


@contextlib.contextmanager
def fresh_database(suffix):
    """A new, empty PostgreSQL database on the server DATABASE_URL names, dropped afterwards.

    Its name is the configured one plus `suffix` and this process's id, so
    parallel runs never share it. Yields its settings (dj-database-url's dict).
    """
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{base['NAME']}_{suffix}_{os.getpid()}"
    admin = psycopg.connect(
        dbname="postgres",
        user=base["USER"] or None,
        password=base["PASSWORD"] or None,
        host=base["HOST"] or None,
        port=base["PORT"] or None,
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield {**base, "NAME": name}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    """

    def __init__(self, target, port):
        self.target, self.port = target, port
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = None
        self._threads = []

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
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, source, destination):
        try:
            while data := source.recv(65536):
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
    environment.update(overrides)
    return environment
