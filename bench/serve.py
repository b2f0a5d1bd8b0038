"""The catalogue under load, as readers meet it: gunicorn, production settings, generated data.

    .venv/bin/python bench/serve.py --rows 100000 \\
        --database postgres://postgres@127.0.0.1:5432/bench_exchanges --datasette

Fills the database with bench/generate.py unless it already holds exactly
--rows generated exchanges (it is kept for the next run), collects the static
files into a temporary directory and starts the site under gunicorn
(config/gunicorn.conf.py, 2 sync workers, DEBUG off, a SECRET_KEY of its own)
on a free loopback port. Each page of the goals' table is warmed, timed cold
(one request at a time) and then loaded for --seconds with --connections
concurrent connections, by wrk when it is installed or by a Python load
generator (threads and http.client) otherwise; every run stops by itself after
--seconds or --max-requests. It prints requests/s, p50 and p99, the queries
one request makes (the view run once in this process under
CaptureQueriesContext) and the workers' peak resident memory, then the goals
with "met" or "NOT met".

With --datasette it exports the same rows to a SQLite file with a full-text
index (sqlite-utils), serves it with Datasette from a virtual environment of
the benchmark's own (bench/.datasette-venv, made on first use from PyPI), loads
the comparable pages the same way and prints the ratios.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BASE_DIR = BENCH.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

HOST = "127.0.0.1"
SECRET_KEY = "bench-serve-not-secret"
DATASETTE_VENV = BENCH / ".datasette-venv"
DATASETTE_PACKAGES = ["datasette==0.65.5", "sqlite-utils==4.2.1"]


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(port, path="/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = fetch(port, path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"Nothing answered on {HOST}:{port} within {timeout} s.")


def fetch(port, path, cookie=None, timeout=60):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- load generators ---------------------------------------------------------------


def load_with_wrk(port, path, seconds, connections, cookie):
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    count = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def percentile(name):
        found = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rate, "p50": percentile(50), "p99": percentile(99), "requests": count,
            "errors": int(errors.group(1)) if errors else 0}  # fmt: skip


def load_with_python(port, path, seconds, connections, cookie, max_requests):
    """Keep-alive connections in threads, each asking again as soon as it has an answer."""
    timings, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if len(timings) + errors[0] >= max_requests:
                    return
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                ok = False
            with lock:
                if ok:
                    timings.append((time.perf_counter() - started) * 1000)
                else:
                    errors[0] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 35)
    elapsed = time.monotonic() - started
    timings.sort()

    def percentile(share):
        return timings[min(len(timings) - 1, int(len(timings) * share))] if timings else float("nan")

    return {"rps": len(timings) / elapsed, "p50": percentile(0.5), "p99": percentile(0.99),
            "requests": len(timings), "errors": errors[0]}  # fmt: skip


def load(port, path, args, cookie=None):
    if shutil.which("wrk") and not args.python_load:
        return load_with_wrk(port, path, args.seconds, args.connections, cookie)
    return load_with_python(port, path, args.seconds, args.connections, cookie, args.max_requests)


def cold_ms(port, path, cookie=None, runs=3):
    """One request at a time: the median time of `runs` requests, nothing else going on."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = fetch(port, path, cookie)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path} answered {status}.")
    return statistics.median(timings)


# --- the site ---------------------------------------------------------------------


def worker_rss_mb(master):
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                pages = int((entry / "statm").read_text().split()[1])
                sizes.append(pages * os.sysconf("SC_PAGE_SIZE") / 2**20)
        except (OSError, IndexError, ValueError):
            continue
    return sizes


def start_site(database, port, static_root, log):
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": static_root,
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR, env=environment, check=True,
    )  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "--config", "config/gunicorn.conf.py", "--bind", f"{HOST}:{port}",
         "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def moderator_cookie():
    """A logged-in moderator's session cookie, made in the database the site reads."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user, _ = User.objects.get_or_create(username="bench-moderator", defaults={"is_staff": True})
    group, _ = Group.objects.get_or_create(name="Moderators")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}", client


def queries_per_page(path, client=None):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(path)
    return len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"


# --- Datasette --------------------------------------------------------------------


def datasette_environment():
    python = DATASETTE_VENV / "bin" / "python"
    if not (DATASETTE_VENV / "bin" / "datasette").exists():
        print(f"making {DATASETTE_VENV.relative_to(BASE_DIR)} with {', '.join(DATASETTE_PACKAGES)}")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *DATASETTE_PACKAGES], check=True)
    return DATASETTE_VENV / "bin"


EXPORTED = ["id", "title", "summary", "type", "government", "levels", "date", "date_precision", "continuing",
            "location", "slug"]  # fmt: skip


def export_for_datasette(path, bin_dir):
    """The published exchanges, the same rows, into a SQLite file with an FTS index on title and summary."""
    from django.db import connection

    target = sqlite3.connect(path)
    columns = ", ".join(["id INTEGER PRIMARY KEY", *(f"{column} TEXT" for column in EXPORTED[1:])])
    target.execute(f"CREATE TABLE exchanges ({columns})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(EXPORTED)} FROM exchanges_exchange WHERE status = 'published'")
        while rows := cursor.fetchmany(20_000):
            target.executemany(
                f"INSERT INTO exchanges VALUES ({', '.join('?' for _ in EXPORTED)})",
                [
                    [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
                    for row in rows
                ],
            )
    # The columns the filtered page filters on get indexes, as a Datasette publisher would add.
    target.execute("CREATE INDEX exchanges_type_date ON exchanges (type, date)")
    target.execute("CREATE INDEX exchanges_date ON exchanges (date)")
    target.commit()
    target.close()
    subprocess.run(
        [str(bin_dir / "sqlite-utils"), "enable-fts", str(path), "exchanges", "title", "summary", "--fts5"],
        check=True,
    )


def start_datasette(bin_dir, path, port, log):
    # Immutable (-i): read-only, as one publishes a data set, so Datasette may cache its counts.
    return subprocess.Popen(
        [str(bin_dir / "datasette"), "serve", "-i", str(path), "--host", HOST, "--port", str(port),
         "--setting", "sql_time_limit_ms", "5000"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


# --- the run ----------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", required=True, help="The bench database's URL (PostgreSQL or SQLite).")
    parser.add_argument("--seconds", type=int, default=10, help="Length of each load run (default 10).")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent connections (default 4).")
    parser.add_argument(
        "--max-requests", type=int, default=20_000, help="Python load generator's cap per run."
    )
    parser.add_argument(
        "--python-load", action="store_true", help="Use the Python load generator even with wrk."
    )
    parser.add_argument("--datasette", action="store_true", help="Measure Datasette on the same rows too.")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-serve-")
    # This process counts each page's queries with the same settings as the site.
    os.environ.update(
        ALLOWED_HOSTS=f"{HOST},testserver", SECRET_KEY=SECRET_KEY, STATIC_ROOT=f"{workdir}/static"
    )
    generate.prepare(args.database, args.rows)
    from exchanges.models import Exchange

    typical, typical_share = generate.word_matching(0.03)
    half, half_share = generate.word_matching(0.5)
    middle = Exchange.objects.published().order_by("id").values_list("id", "slug")[args.rows // 2]
    cookie, moderator = moderator_cookie()
    pages = [
        # (name, path, cookie, datasette's comparable path)
        ("list, unfiltered", "/exchanges/", None, "/bench/exchanges"),
        ("list, type+level+date", "/exchanges/?type=education&level=state&date_after=2010", None,
         "/bench/exchanges?type=education&levels__contains=%2Cstate%2C&date__gte=2010-01-01"),
        (f"search, typical ({typical}, ~{typical_share:.0%})", f"/exchanges/?q={typical}", None,
         f"/bench/exchanges?_search={typical}"),
        (f"search, half ({half}, ~{half_share:.0%})", f"/exchanges/?q={half}", None, None),
        ("exchange page", f"/exchanges/{middle[1]}/", None, f"/bench/exchanges/{middle[0]}"),
        ("home", "/", None, None),
        ("list, page 1", "/exchanges/?page=1", None, None),
        ("list, page 400", "/exchanges/?page=400", None, None),
        ("list, logged-in moderator", "/exchanges/", cookie, None),
    ]  # fmt: skip
    tool = "wrk" if shutil.which("wrk") and not args.python_load else "Python threads (wrk not installed)"
    print(f"\nload: {tool}, {args.connections} connections, {args.seconds} s per page")

    site = datasette = None
    results, datasette_results = {}, {}
    try:
        port = free_port()
        with open(Path(workdir) / "gunicorn.log", "wb") as log:
            site = start_site(args.database, port, str(Path(workdir) / "static"), log)
        wait_for(port, "/healthz")
        peak_rss = []
        header = "".join(
            [
                f"{'page':<42}",
                *(f" {title:>8}" for title in ("cold ms", "req/s", "p50 ms", "p99 ms")),
                " queries errors",
            ]
        )
        print(header)
        for name, path, page_cookie, _ in pages:
            fetch(port, path, page_cookie)  # warm: templates, connections, the database's cache
            cold = cold_ms(port, path, page_cookie)
            measured = load(port, path, args, page_cookie)
            measured["cold"] = cold
            measured["queries"] = queries_per_page(path, moderator if page_cookie else None)
            peak_rss.append(max(worker_rss_mb(site.pid) or [0]))
            results[name] = measured
            print_row(name, measured)
        rss = max(peak_rss)
        print(f"gunicorn workers' peak resident memory: {rss:.0f} MB (now {worker_rss_mb(site.pid)})")
        stop(site)
        site = None

        if args.datasette:
            bin_dir = datasette_environment()
            path = Path(workdir) / "bench.db"
            started = time.perf_counter()
            export_for_datasette(path, bin_dir)
            print(
                f"\nDatasette: {args.rows:,} rows exported with FTS in {time.perf_counter() - started:.0f} s"
            )
            datasette_port = free_port()
            with open(Path(workdir) / "datasette.log", "wb") as log:
                datasette = start_datasette(bin_dir, path, datasette_port, log)
            wait_for(datasette_port, "/-/versions.json")
            print(header)
            for name, _, _, datasette_path in pages:
                if not datasette_path:
                    continue
                fetch(datasette_port, datasette_path)
                cold = cold_ms(datasette_port, datasette_path)
                measured = load(datasette_port, datasette_path, args)
                measured["cold"] = cold
                datasette_results[name] = measured
                print_row(f"Datasette: {name}", {**measured, "queries": ""})
    finally:
        stop(site)
        stop(datasette)
        shutil.rmtree(workdir, ignore_errors=True)

    print_goals(results, datasette_results, rss, typical, half)


def print_row(name, measured):
    figures = "".join(f" {measured[key]:8.1f}" for key in ("cold", "rps", "p50", "p99"))
    print(f"{name:<42}{figures} {measured['queries']:>7} {measured['errors']:>6}")


def print_goals(results, datasette_results, rss, typical, half):
    rows = []

    def goal(text, measured, met):
        rows.append((text, measured, "met" if met else "NOT met"))

    for name in ("list, unfiltered", "list, type+level+date"):
        cold = results[name]["cold"]
        goal(f"{name}, cold: under 300 ms", f"{cold:.0f} ms", cold < 300)
    typical_name = next(name for name in results if name.startswith("search, typical"))
    half_name = next(name for name in results if name.startswith("search, half"))
    goal("search, typical query, cold: under 300 ms", f"{results[typical_name]['cold']:.0f} ms",
         results[typical_name]["cold"] < 300)  # fmt: skip
    goal("search matching half the table, cold: under 1 s", f"{results[half_name]['cold']:.0f} ms",
         results[half_name]["cold"] < 1000)  # fmt: skip
    for name in ("list, unfiltered", typical_name, "exchange page", "home"):
        rate = results[name]["rps"]
        goal(f"{name}, readers: ≥ 700 req/s", f"{rate:.1f} req/s", rate >= 700)
    rate = results["exchange page"]["rps"]
    goal("exchange page, live (no cache): ≥ 400 req/s", f"{rate:.1f} req/s", rate >= 400)
    rate = results["list, logged-in moderator"]["rps"]
    goal("list, logged-in moderator: ≥ 100 req/s", f"{rate:.1f} req/s", rate >= 100)
    ratio = results["list, page 1"]["cold"] / results["list, page 400"]["cold"]
    goal("page 400 vs page 1, cold: ≥ 0.8×", f"{ratio:.2f}×", ratio >= 0.8)
    goal("worker memory under load: ≤ 150 MB RSS each", f"{rss:.0f} MB", rss <= 150)
    for name, theirs in datasette_results.items():
        ratio = results[name]["rps"] / theirs["rps"] if theirs["rps"] else float("inf")
        figures = f"{ratio:.2f}× ({results[name]['rps']:.1f} vs {theirs['rps']:.1f})"
        goal(f"vs Datasette, {name}: ≥ 2.5×", figures, ratio >= 2.5)
    print(f"\n{'goal':<58} {'measured':<28} result")
    for text, measured, verdict in rows:
        print(f"{text:<58} {measured:<28} {verdict}")
    met = sum(verdict == "met" for *_, verdict in rows)
    print(f"\n{met} of {len(rows)} goals met")
    print(json.dumps({"goals_met": met, "goals": len(rows)}))


if __name__ == "__main__":
    main()
