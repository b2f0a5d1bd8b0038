"""Whole pages for readers from the shared cache, until the catalogue changes.

A reader's GET of a public page (home, list and search, an exchange's page, the
pages and indexes of organisations, people and places, the feed, citation
files, the API's reads) is kept in the cache under the catalogue's version.
Every change readers could see (an exchange, its sources and links, an entity
or alias, a withdrawal) bumps that version when its transaction commits, so the
next request renders afresh: a reader never gets a page older than the last
moderator's act. Old entries are never looked up again and expire on their own.

Pages are also keyed by the code that made them (code_version): after an
upgrade, pages cached by the code before it are not served, whether or not the
catalogue has changed since.

Moderators and anyone with a session (a message waiting, a login) are never
served from the cache. When the cache is down, pages are rendered as usual.
"""

import atexit
import dataclasses
import functools
import hashlib
import logging
import sys
import time
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue:version"

# The pages kept: by URL name, so a new page is cached only when it is named here.
CACHED_PAGES = {
    "home",
    "about",
    "exchanges:list",
    "exchanges:detail",
    "entities:organisations",
    "entities:organisation",
    "entities:people",
    "entities:person",
    "entities:places",
    "entities:place",
    "opendata:feed",
    "opendata:cite",
    "opendata:data",
    "opendata:sitemap",
    "opendata:sitemap-section",
    "api:exchange-list",
    "api:exchange-detail",
    "api:withdrawn-list",
    "api:withdrawn-detail",
    "api:organisation-list",
    "api:organisation-detail",
    "api:person-list",
    "api:person-detail",
    "api:place-list",
    "api:place-detail",
    "api:withdrawn-organisation-list",
    "api:withdrawn-person-list",
    "api:withdrawn-place-list",
    "api:api-root",
    "api:schema",
}
# The apps whose rows readers see; a save or delete of any of their rows bumps the version
# (catalogue_models).
CATALOGUE_APPS = {"exchanges", "entities", "opendata"}
# A larger page is rendered every time rather than filling the cache.
LARGEST_KEPT = 2_000_000


def cache_is_shared():
    """Whether every process reads and writes the same cache, not each one its own memory: a
    version kept there tells them all of a change."""
    return not isinstance(caches["default"], LocMemCache)


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs, **kwargs):
    """The page cache in each process's own memory: a change made in one process is not seen by the
    others, which serve their pages from before it (settings.PAGE_CACHE)."""
    if settings.PAGE_CACHE and not cache_is_shared():
        return [
            checks.Warning(
                "PAGE_CACHE is on with a cache in each process's own memory.",
                hint=(
                    "Set REDIS_URL so that every process shares the cache and its version, or "
                    "PAGE_CACHE=false: other processes would serve pages from before a change "
                    "for up to PAGE_CACHE_SECONDS."
                ),
                id="exchanges.W001",
            )
        ]
    return []


def catalogue_version():
    """The current version of the catalogue's pages (see shared_version)."""
    return shared_version(VERSION_KEY)


def bump_catalogue_version():
    """Make every cached page stale (see bump_shared_version)."""
    bump_shared_version(VERSION_KEY)


def catalogue_models():
    """The models whose saves and deletes bump the version: every model of CATALOGUE_APPS but those
    written only within a change that bumps it already (`written_within_a_change`, the summaries of
    counts).

    Connected to these alone rather than to every model: a model with a post_delete receiver has each
    row fetched and signalled on a bulk delete, and a summary's rows are deleted by the tens of
    thousands when an entity is resummarised."""
    return [
        model
        for label in sorted(CATALOGUE_APPS)
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not getattr(model, "written_within_a_change", False)
    ]


def bump_on_change(sender, **kwargs):
    """Signal receiver: a row of the catalogue was saved or deleted (connected per catalogue_models)."""
    bump_catalogue_version()


# The keys whose bump this process could not write (the cache down, or left alone after failing to
# answer: config/cache.py). The next read of the version that the cache answers writes it first:
# the pages kept from before the change must not be served once the cache answers again, which a
# stalled Redis does with everything it held.
_owed = set()


def shared_version(key):
    """The token kept under `key`, made afresh when the cache has none; None when the cache cannot
    answer. What is kept under a token is stale once a change bumps it (bump_shared_version)."""
    if key in _owed:
        _CheckedBump(key)()
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, _new_version(), None)
            version = cache.get(key)
        return version
    except Exception:  # A cache that is down is a miss, never an error page.
        logger.warning("The cache cannot be read", exc_info=True)
        return None


def bump_shared_version(key):
    """A new token under `key`: now, and again when the current transaction commits.

    The bump at commit is the one that counts: what was read from the pre-commit rows is kept
    under the token read first, which this bump retires. It is made once for the transaction,
    however many of its rows change (an import saves each exchange, its sources and its links).
    The one now, made for each change, serves what this process reads before it commits."""
    at_commit = _CheckedBump(key)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        at_commit()  # committed already
        return
    _set_version(key, _new_version())
    # Django keeps a transaction's callbacks here, and drops those of a savepoint rolled back.
    if not any(queued == at_commit for _, queued, _ in connection.run_on_commit):
        transaction.on_commit(at_commit)


@dataclasses.dataclass(frozen=True)
class _CheckedBump:
    """The bump that counts: a new token under `key`, read back, and owed if it could not be written
    (`_owed`). Equal for the same key, so that a transaction queues one."""

    key: str

    def __call__(self):
        version = _new_version()
        # Read back: django-redis ignores a write that fails, and so says nothing of it.
        written = _set_version(self.key, version) and _read_version(self.key) == version
        if written:
            _owed.discard(self.key)
        elif self.key not in _owed:
            _owed.add(self.key)
            atexit.unregister(pay_owed_at_exit)  # registered once, however often owed
            atexit.register(pay_owed_at_exit)
            logger.warning(
                "The cache's version %s cannot be bumped; it will be when the cache answers", self.key
            )


def pay_owed_at_exit():
    """A process that changed the catalogue while the cache could not take the bump (an import run
    during an outage) may have no next request to write it at: it tries once more as it ends, and
    says so when it cannot, since readers may then get pages from before its changes."""
    for key in list(_owed):
        _CheckedBump(key)()
    for key in _owed:
        logger.error(
            "The cache's version %s was not bumped: readers may get pages from before this process's "
            "changes until the next change, or for PAGE_CACHE_SECONDS (%s s)",
            key,
            settings.PAGE_CACHE_SECONDS,
        )


def _set_version(key, version):
    try:
        cache.set(key, version, None)
        return True
    except Exception:
        logger.warning("The cache's version %s cannot be bumped", key, exc_info=True)
        return False


def _read_version(key):
    try:
        return cache.get(key)
    except Exception:
        return None


@functools.cache
def code_version():
    """A digest of what this process makes its pages from: the project's code, templates and static
    files, and its pinned requirements; the same for every process and instance running the same code.

    Part of every page's key. Without it, after an upgrade the new code served the pages the old one
    had cached until the catalogue next changed, for up to PAGE_CACHE_SECONDS: pages without what
    the upgrade changed, naming static files by the hash of their old content, which a new image
    no longer holds (unstyled pages). Read once a process, as a worker warms up (config/warmup.py):
    about 200 files, 10 ms."""
    return files_digest(code_paths())


def code_paths():
    """The files and folders whose content makes the pages: every app of the project's own (not the
    libraries'), the settings' package, the template and static folders, requirements.txt."""
    base = Path(settings.BASE_DIR)
    # The libraries may be installed inside the project's folder too (its .venv).
    libraries = Path(sys.prefix)
    paths = {
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base) and not Path(app.path).is_relative_to(libraries)
    }
    paths.add(base / settings.ROOT_URLCONF.split(".")[0])
    paths.update(Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", []))
    paths.update(
        Path(folder if isinstance(folder, (str, Path)) else folder[1]) for folder in settings.STATICFILES_DIRS
    )
    paths.add(base / "requirements.txt")
    return sorted(paths)


def files_digest(paths):
    """A hex digest of the names, relative to their folder, and contents of the files under `paths`
    (folders, read whole, or files), in a fixed order; Python's byte-code caches left out."""
    digest = hashlib.sha256()
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if "__pycache__" in file.parts or not file.is_file():
                continue
            try:
                content = file.read_bytes()
            except FileNotFoundError:
                continue  # removed since it was listed (code being replaced): as if never there
            digest.update(f"{file.relative_to(path.parent).as_posix()}\0".encode())
            digest.update(content)
            digest.update(b"\0")
    return digest.hexdigest()


def versioned_key(kind, version, parts):
    """A cache key of bounded length for `parts` (text), under the catalogue's `version` and the
    code's (code_version): a change to either retires every entry made before it."""
    text = "\n".join([*parts, code_version()])
    return f"{kind}:{version}:{hashlib.sha256(text.encode('utf-8', 'surrogateescape')).hexdigest()}"


def _new_version():
    # Its first part is when the catalogue changed: the pages' Last-Modified.
    return f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"


class PageCacheMiddleware:
    """Serve readers' GETs of the pages in CACHED_PAGES from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable(request):
            return self.get_response(request)
        version = catalogue_version()
        if version is None:
            return self.get_response(request)
        key = self.key(request, version)
        entry = self.read(key)
        if entry is None:
            response = self.get_response(request)
            if not self.storable(request, response):
                return response
            entry = self.entry(response, version)
            self.write(key, entry)
        else:
            response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
        return self.public(request, response, entry)

    @staticmethod
    def cacheable(request):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # A session (a login, a message to show) makes the page the visitor's own.
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in CACHED_PAGES

    @staticmethod
    def key(request, version):
        """Bounded whatever the address: a hash of the host, the full path with its query, the language,
        the code's version and, for the API, the formats asked for."""
        # The host is checked (a host not served is refused, as without the cache) and keyed, with
        # the scheme: feeds and the API write absolute addresses.
        parts = [request.scheme, request.get_host(), request.get_full_path()]
        parts.append(get_language_from_request(request))
        if request.path_info.startswith("/api/"):
            parts.append(request.META.get("HTTP_ACCEPT", ""))
        return versioned_key("page", version, parts)

    @staticmethod
    def storable(request, response):
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and len(response.content) <= LARGEST_KEPT
        )

    @staticmethod
    def entry(response, version):
        content = response.content
        return {
            "content": content,
            "status": response.status_code,
            "headers": dict(response.items()),
            "etag": response.get("ETag") or f'"{hashlib.sha256(content).hexdigest()[:32]}"',
            "last_modified": int(version.split("-")[0]) // 1_000_000_000,
        }

    @staticmethod
    def read(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("The page cache cannot be read", exc_info=True)
            return None

    @staticmethod
    def write(key, entry):
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("The page cache cannot be written", exc_info=True)

    @staticmethod
    def public(request, response, entry):
        """The headers of a page any reader may be given, and 304 when the reader's copy still holds."""
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        # A browser keeps the page but asks again before showing it (max-age=0), and gets 304 while
        # its copy holds: a reader sees a moderator's change on the next page, as Django's cache
        # promises. A shared front cache (docker/nginx.conf) keeps it PAGE_CACHE_MAX_AGE seconds
        # (s-maxage) and serves the readers of a burst without reaching Django.
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_MAX_AGE}"
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )


def kept_counts(request, count, *scope):
    """`count()` (a list's total, facets and years), kept in the shared cache under the catalogue's
    version, for the same list asked for again: by visitors the page cache does not serve (a
    logged-in moderator), or with another page or sort of the same list. The counts depend on the
    filters and the language only, so one entry serves every page of a list and every visitor.
    With PAGE_CACHE off, or the cache down, they are counted every time, and have no `counts_key`."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return count()
    version = catalogue_version()
    if version is None:
        return count()
    # The page does not change what is counted, nor do the newest-first and title orders. Oldest
    # first does: the partner, participant, place and country facets of a large list count its
    # first results in the page's date order (ExchangeFilter.sample_order). So does relevance,
    # which ranks and counts the newest matches only when there are too many.
    ignored = {"page"} if request.GET.get("sort") in ("date", "relevance") else {"page", "sort"}
    filters = sorted((name, value) for name, value in request.GET.lists() if name not in ignored)
    parts = [request.path_info, repr(filters), get_language_from_request(request), repr(scope)]
    # Versioned by the code too: what the counts hold, and the template fragments kept under their
    # key (the entity facets, the timeline), are the code's.
    key = versioned_key("counts", version, parts)
    counts = PageCacheMiddleware.read(key)
    if counts is None:
        counts = count()
        PageCacheMiddleware.write(key, counts)
    # The key names the counts for the template too, which keeps what it draws from them (the
    # entity facets, the timeline) under it: templates/exchanges/_catalogue.html.
    return {**counts, "counts_key": key}
