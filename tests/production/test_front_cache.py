"""The nginx micro-cache shipped in docker/nginx.conf, run for real in front of gunicorn.

The shipped file is used as it is, with only what Compose provides replaced: the
web instances' address (Docker's DNS name `web`), the port, and the cache and log
paths. It must keep a public page for anonymous readers, never for a visitor with
a session, never the admin or the forms, and keep serving a page it has while
the site cannot answer.
"""

import os
import re
import shutil
import subprocess
import time

import pytest

from .servers import BASE_DIR, fetch, free_port, live_site, run_manage, wait_until

pytestmark = pytest.mark.postgres

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def local_config(upstream_port, port, directory):
    """docker/nginx.conf with Compose's parts replaced by this machine's."""
    text = (BASE_DIR / "docker" / "nginx.conf").read_text()
    replacements = [
        (r"server web:8000 resolve;", f"server 127.0.0.1:{upstream_port};"),
        (r"\n\s*resolver [^;]+;", ""),
        (r"listen 8000;", f"listen 127.0.0.1:{port};"),
        (r"/var/cache/nginx/pages", str(directory / "pages")),
        (r"/var/cache/nginx/releases", str(directory / "releases-cache")),
        (r"access_log /dev/stdout;", f"access_log {directory / 'access.log'};"),
        (r"error_log /dev/stderr warn;", f"error_log {directory / 'error.log'} warn;"),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, f"docker/nginx.conf no longer has {pattern!r}"
    # Root starts nginx in CI; its workers then need to write the cache under a private directory.
    if os.geteuid() == 0:
        text = "user root;\n" + text
    path = directory / "nginx.conf"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed: .ci/run installs it (apt-get install nginx-light).")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    directory = tmp_path_factory.mktemp("nginx")
    # Pages say they are fresh for one second, so the test can see a copy go stale.
    releases = directory / "releases"
    with live_site(
        directory, "front_cache", PAGE_CACHE="true", PAGE_CACHE_MAX_AGE="1", RELEASES_DIR=str(releases)
    ) as site:
        port = free_port()
        config = local_config(site.port, port, directory)
        checked = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen(
            [NGINX, "-c", str(config), "-g", f"daemon off; pid {directory / 'nginx.pid'};"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until(lambda: fetch(port, "/healthz"), timeout=15, message="nginx to answer")
            yield site, port
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def test_a_public_page_is_served_from_the_cache_the_second_time(front):
    site, port = front
    first = fetch(port, "/exchanges/?type=education")
    second = fetch(port, "/exchanges/?type=education")
    assert first.status == second.status == 200
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert second.body == first.body


def test_a_visitor_with_a_session_or_who_has_just_written_is_never_given_a_copy(front):
    site, port = front
    fetch(port, "/exchanges/?type=cultural")
    for cookie in ("sessionid=abc", "theme=dark; wrote=1"):
        response = fetch(port, "/exchanges/?type=cultural", headers={"Cookie": cookie})
        assert response.status == 200
        assert response.headers["X-Cache"] == "BYPASS", cookie


def test_the_forms_the_admin_and_the_health_check_always_reach_the_site(front):
    site, port = front
    for path in ("/contribute/", "/admin/login/", "/healthz"):
        for _ in range(2):
            response = fetch(port, path)
            assert response.status == 200, path
            assert "X-Cache" not in response.headers, path


def test_a_release_file_is_served_in_parts_so_a_broken_download_resumes(front):
    """Django answers no Range request: a download of a large release file broken off started
    over. The front serves the part asked for, from the copy it has or the site's answer."""
    site, port = front
    run_manage(site.environment, "make_release")
    (name,) = [path.name for path in (site.log_dir / "releases").iterdir()]
    path = f"/data/{name}/exchanges.csv"
    whole = fetch(port, path)
    assert whole.status == 200
    assert whole.headers["Accept-Ranges"] == "bytes"
    for _ in range(2):  # from the site, then from the copy kept
        part = fetch(port, path, headers={"Range": "bytes=10-", "If-Range": whole.headers["ETag"]})
        assert part.status == 206
        assert part.headers["Content-Range"] == f"bytes 10-{len(whole.body) - 1}/{len(whole.body)}"
        assert part.body == whole.body[10:]
    # A download to resume of a file that has changed meanwhile (another ETag) gets it whole.
    changed = fetch(port, path, headers={"Range": "bytes=10-", "If-Range": '"another"'})
    assert changed.status == 200
    assert changed.body == whole.body


def cached_keys(directory):
    """The keys of the answers an nginx cache directory holds (each file's `KEY:` line)."""
    if not directory.exists():
        return set()
    found = (
        re.search(rb"\nKEY: ([^\n]*)\n", path.read_bytes()) for path in directory.rglob("*") if path.is_file()
    )
    return {match.group(1).decode() for match in found if match}


def test_release_files_are_kept_apart_from_the_pages(front):
    """A release file is kept for a day: in the pages' cache, large ones would push the pages out."""
    site, port = front
    run_manage(site.environment, "make_release")
    name = max(path.name for path in (site.log_dir / "releases").iterdir())
    path = f"/data/{name}/exchanges.csv"
    assert fetch(port, path).status == 200
    assert fetch(port, path).headers["X-Cache"] == "HIT"
    assert fetch(port, "/data/").status == 200
    pages, releases = (cached_keys(site.log_dir / folder) for folder in ("pages", "releases-cache"))
    assert any(key.endswith(path) for key in releases)
    assert not any(path in key for key in pages)
    assert any("/data/" in key for key in pages)  # the page listing the releases is a page


def test_a_page_it_has_is_still_served_when_the_site_cannot_answer(front):
    site, port = front
    assert fetch(port, "/exchanges/?type=science").headers["X-Cache"] == "MISS"
    time.sleep(1.5)  # The copy is now past its max-age.
    site.gunicorn.stop()
    response = fetch(port, "/exchanges/?type=science")
    assert response.status == 200
    assert response.headers["X-Cache"] in ("STALE", "UPDATING")
    # A page never fetched before has no copy to fall back on.
    assert fetch(port, "/exchanges/?type=sports").status == 502
