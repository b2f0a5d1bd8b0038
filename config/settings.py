"""Settings for the U.S.-China Exchange Database.

Everything that differs between a laptop and a server is read from the
environment through the small strict helpers in config/env.py: a malformed
value stops start-up with a message that names the variable, instead of being
guessed at. The defaults suit a laptop (`make run`); README's "Running in
production" lists what a server sets.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envnetworks, envrate, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is not 'true' (production refuses to start without it)."
        )
    # Local development only: DEBUG is on, nothing here is secret.
    SECRET_KEY = "insecure-local-development-key"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# A form refused for its security token: the contribution forms come back with what was typed.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "import_export",
    "django_admin_lightweight_date_hierarchy",
    "entities",
    "axes",
    "exchanges",
    "contributions",
    # After contributions, whose `db_worker` (kept running while the database is away) takes
    # the place of the library's: of two apps with a command of one name, the first wins.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so load balancers and container health checks reach /healthz over
    # plain HTTP by IP address, before the HTTPS redirect and the host check.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a form: one past DATA_UPLOAD_MAX_MEMORY_SIZE is refused as it is read.
    "config.too_large.FormTooLargeMiddleware",
    "config.null_bytes.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: an anonymous reader's queries may go to a read replica.
    "config.routers.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login against its record of failures before the
# usual password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# HTTPS: a production site sets HTTPS=true, and BEHIND_PROXY=true when a load
# balancer or reverse proxy terminates TLS and says so in X-Forwarded-Proto.
# Both stay off by default so `make run` and the tests work over plain HTTP.
HTTPS = envbool("HTTPS", False)
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The addresses (or networks, CIDR) of the reverse proxies in front of gunicorn,
# one entry per hop, the outermost first. X-Forwarded-For is believed only for
# a request that arrives from them; anyone else is known by the address they
# connect from, whatever headers they send (config/client_ip.py).
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", False)
# SQLite builds the exchanges' date indexes without their non-key columns, which
# serve PostgreSQL's index-only reads (exchanges/models.py): as intended, not a fault.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload the domain is a choice for whoever owns it
    # (HSTS_PRELOAD=true); without that choice the warning only repeats itself.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): everything from this site only, no
# inline script or style. Bootstrap draws its icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


def database_from_env():
    """DATABASE_URL when set (PostgreSQL in production), else SQLite beside manage.py."""
    url = envstr("DATABASE_URL")
    if not url:
        return with_sqlite_writers_waiting(
            {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
        )
    return database_from_url(url, "DATABASE_URL")


def with_sqlite_writers_waiting(config):
    """SQLite has one writer at a time. A transaction that reads and then writes (every moderator's
    decision) was refused at once, "database is locked", when another wrote meanwhile: the second of
    two moderators got an error page. Taking the write lock as each transaction begins makes it
    wait its turn instead, for up to 20 seconds."""
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
    return config


def database_from_url(url, variable):
    """One database's settings from its URL; `variable` names the setting in error messages."""
    try:
        config = dj_database_url.parse(
            url,
            conn_max_age=envint("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"{variable} is not a database URL: {error}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{variable} has an unknown scheme: {url.split(':')[0]!r}.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # An unreachable server should cost a request seconds, not a worker timeout.
        options.setdefault("connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", 5))
        # A connection whose server vanished (a network cut, a failover) is
        # noticed by TCP within about a minute instead of never; data sent and
        # never acknowledged fails it within DATABASE_TCP_USER_TIMEOUT seconds.
        options.setdefault("keepalives", 1)
        options.setdefault("keepalives_idle", envint("DATABASE_KEEPALIVES_IDLE", 30))
        options.setdefault("keepalives_interval", 10)
        options.setdefault("keepalives_count", 3)
        options.setdefault("tcp_user_timeout", envint("DATABASE_TCP_USER_TIMEOUT", 10) * 1000)
        server_settings = planner_settings()
        if WEB_PROCESS:
            # A web request never waits on one statement longer than this; it
            # gets the 503 page instead. Migrations, imports and the worker
            # (other processes) are not bound by it.
            timeout = envint("DATABASE_STATEMENT_TIMEOUT", 5)
            if timeout:
                server_settings.append(f"statement_timeout={timeout * 1000}")
                # A statement that gets no answer at all (a stalled network) is cut
                # off from this side too, a little later, so that the server's own
                # timeout, with its clearer error, comes first (config/postgresql/base.py).
                config["ENGINE"] = "config.postgresql"
                config["ANSWER_WITHIN"] = timeout + 2
        # `options` given in the URL itself are kept as they are.
        options.setdefault("options", " ".join(f"-c {each}" for each in server_settings))
    return with_sqlite_writers_waiting(config)


def planner_settings():
    """PostgreSQL settings for every connection: how the server plans and runs the site's queries.

    work_mem: a search with a structured filter is answered by AND-ing two bitmaps of matching rows
    (the search index's and a B-tree's). Under PostgreSQL's default 4MB a bitmap of more than about
    65,000 table pages (500 MB of table) turns lossy, and every row it leads to is read again and
    its search words checked; the planner then often prefers reading the whole table. 16MB keeps
    them exact up to 2 GB of table, a catalogue of more than a million exchanges: a common word
    with a level and a date took 1.3 s under 4MB and 0.6 s under 16MB. It is a bound for each
    sort or bitmap of a query, taken only when needed, not memory held by each connection.

    jit: compiling a query's expressions costs 10-50 ms, which only queries that run for many
    seconds repay; the site's run for less than one (and web requests stop at 5 s)."""
    chosen = ["jit=off"]
    work_mem = envstr("DATABASE_WORK_MEM", "16MB").strip()
    if work_mem:
        if not re.fullmatch(r"[0-9]+(kB|MB|GB)?", work_mem):
            raise ImproperlyConfigured(
                f"DATABASE_WORK_MEM is {work_mem!r}: give a size such as 16MB, 64kB or 1GB, "
                "or leave it empty."
            )
        chosen.append(f"work_mem={work_mem}")
    return chosen


def is_web_process():
    """Whether this process answers web requests: WEB_PROCESS=true (config/gunicorn.conf.py
    sets it) or `manage.py runserver`. Management commands and the worker are not."""
    if os.environ.get("WEB_PROCESS"):
        return envbool("WEB_PROCESS", False)
    return Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["runserver"]


WEB_PROCESS = is_web_process()
DATABASES = {"default": database_from_env()}

# Read replicas (PostgreSQL streaming replicas of DATABASE_URL), comma-separated
# URLs; none by default. The reads of anonymous visitors go to them, everything
# else to the primary (config/routers.py). A visitor who has just sent a form
# reads from the primary for READ_YOUR_WRITES_SECONDS, so they see what they
# wrote even while the replicas catch up. A replica that refuses a connection is
# not tried again for REPLICA_RETRY_SECONDS; its reads go to the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(envlist("DATABASE_REPLICA_URLS"), 1):
    _replica = database_from_url(_url, "DATABASE_REPLICA_URLS")
    if _replica["ENGINE"] not in ("django.db.backends.postgresql", "config.postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS lists PostgreSQL replicas only.")
    # The test databases: a replica reads the primary's test database.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
READ_YOUR_WRITES_SECONDS = envint("READ_YOUR_WRITES_SECONDS", 10)
REPLICA_RETRY_SECONDS = envint("REPLICA_RETRY_SECONDS", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How the interface's language writes a day (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT")) if envstr("STATIC_ROOT") else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes each file under a content-hashed name, plus gzip (and
# Brotli, when installed) variants; WhiteNoise serves hashed names with a
# far-future Cache-Control. DEBUG serves straight from static/ instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The catalogue shows this many exchanges per page.
EXCHANGES_PER_PAGE = 25
# Searches and entity filters are counted up to this many exchanges ("more than 10,000"), and
# their facets over the first this many (exchanges/counts.py).
COUNT_CAP = envint("COUNT_CAP", 10_000)
# The partner, participant, place and country facets count at most this many of those results: their
# counts read the link tables, several rows per exchange.
LINK_FACET_SAMPLE = envint("LINK_FACET_SAMPLE", 2_000)
# Organisations, people and places with at least this many published exchanges keep their own
# summary of counts (exchanges.EntityCount): their pages and filters are counted exactly by a sum
# instead of over their first COUNT_CAP exchanges. After changing it, `manage.py rebuild_counts`.
ENTITY_SUMMARY_MIN = envint("ENTITY_SUMMARY_MIN", 10_000)
for _name in ("COUNT_CAP", "LINK_FACET_SAMPLE", "ENTITY_SUMMARY_MIN"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {globals()[_name]}.")

# Cache: Redis, shared by every web instance, when REDIS_URL is set; otherwise
# each process keeps its own in memory.
# Redis that is down or slow must not take the site with it: django-redis
# ignores its errors (a miss, a write that did not happen), logs each one, and
# /healthz reports the cache as "degraded".
REDIS_URL = envstr("REDIS_URL")
# A Redis that stalls costs each process one SOCKET_TIMEOUT (1 s), then is left alone for this
# many seconds before one call tries it again (config/cache.py).
CACHE_RETRY_SECONDS = envint("CACHE_RETRY_SECONDS", 10)
if CACHE_RETRY_SECONDS < 0:
    raise ImproperlyConfigured(f"CACHE_RETRY_SECONDS must be 0 or more, not {CACHE_RETRY_SECONDS}.")
if REDIS_URL:
    from config.cache import redis_cache

    CACHES = {"default": redis_cache(REDIS_URL, retry_after=CACHE_RETRY_SECONDS)}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "config.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: SMTP when EMAIL_HOST is set, else printed to the console (by the
# worker). Tests use Django's locmem backend. No email is sent inside a web
# request: see contributions/tasks.py.
EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds one email may take to send, in all; each wait on the server is bounded by it too.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
# A failed email is tried again after EMAIL_RETRY_DELAY seconds, then twice
# that, and so on, EMAIL_MAX_ATTEMPTS times in all; then staff see it as
# failed in the admin ("Email deliveries") and can retry it.
EMAIL_RETRY_DELAY = envint("EMAIL_RETRY_DELAY", 60)
EMAIL_MAX_ATTEMPTS = envint("EMAIL_MAX_ATTEMPTS", 6)

# Background tasks (Django's tasks API, from django-tasks): kept in the database
# and run by `manage.py db_worker`, started beside the site.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "U.S.-China Exchange Database <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's public address, for links in emails (which are sent outside any request).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
# Also the base of the permanent addresses in citations, downloads and canonical links: without a
# scheme or a host they would name no page ("example.org/exchanges/…").
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment:
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address, such as 'https://exchanges.example.org', not {SITE_URL!r}."
    )

# Contributions: new submissions are emailed to the active members of the
# "Moderators" group and to these addresses (comma-separated).
MODERATOR_EMAILS = envlist("MODERATOR_EMAILS")
# How many times one IP address may send the contribution forms (new exchange or
# suggested change, counted together, including sendings with errors) per period.
# Counted in the cache above: set REDIS_URL so that every web process shares it.
CONTRIBUTION_RATE = envrate("CONTRIBUTION_RATE", "10/h")
# Whose address the rate limit counts: the client's, also behind a proxy.
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"
# When the cache cannot count (Redis down), contributors are let through rather
# than turned away; the cache's errors are logged and /healthz says "degraded".
RATELIMIT_FAIL_OPEN = True

# The admin login: after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES
# (`manage.py axes_reset_username NAME` lifts it sooner; README, "Moderators").
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.errors.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# Lockouts and failed logins are still logged; the version banner at every start is not.
AXES_VERBOSE = False

# Logs go to standard output, where a process manager or container runtime collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": envstr("LOG_LEVEL", "INFO")},
    # While Redis is left alone, one line says so rather than an error for each call not made.
    "filters": {"without_resting": {"()": "config.cache.WithoutResting"}},
    "loggers": {"config.cache": {"filters": ["without_resting"]}},
}


# --- Open data: downloads, the API, feeds, citations and releases (opendata/) ---
INSTALLED_APPS += [
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "opendata",
]
# CORS headers go on before anything answers (django-cors-headers' rule): CommonMiddleware, and the
# NUL check, whose JSON 400 (and the 400 of more parameters than are read) a web page must read too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("config.null_bytes.RejectNullBytesMiddleware"), "corsheaders.middleware.CorsMiddleware"
)

# Anyone may read the open data from any web page: GET only, no cookies. A script that sends an
# answer's ETag or Last-Modified back is preflighted, so those headers are allowed; Retry-After is
# exposed so that it can wait as a 429 asks. Besides the API, the files of opendata/urls.py (the
# downloads, the feed, the citation files, a release's files), which a notebook or a dashboard on
# another site fetches as it fetches the API; the site's pages stay closed.
CORS_URLS_REGEX = (
    r"^/(api/.*|exchanges\.(csv|json)|exchanges/feed/|exchanges/[^/]+/cite\.(bib|ris|json)"
    r"|data/([0-9.]+|latest)/[A-Za-z0-9_.-]+)$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [*cors_default_headers, "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# Readers' pages from the shared cache until the catalogue changes (exchanges/cache.py): inside
# CORS, so a page from the cache still gets its CORS headers, and outside CSRF and authentication,
# which a reader's cached page never needs.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "exchanges.cache.PageCacheMiddleware"
)
# How long a page is kept at most (every change to the catalogue retires it sooner), and how long
# a shared front cache may reuse it (s-maxage, PAGE_CACHE_MAX_AGE seconds). Browsers are told to
# ask again every time (max-age=0) and get 304 while their copy holds.
# On by default only with a cache every process shares (REDIS_URL): a change made in one process
# (a moderator's approval in one web worker, `manage.py import_exchanges --publish` beside `make
# run`) bumps the version in that process's own memory only, and the others would go on serving
# the pages from before it for up to PAGE_CACHE_SECONDS.
PAGE_CACHE = envbool("PAGE_CACHE", bool(REDIS_URL))
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_MAX_AGE = envint("PAGE_CACHE_MAX_AGE", 60)

# Requests per client address to the API, e.g. "120/min", "5000/day" (DRF's rate format).
API_ANON_RATE = envstr("API_ANON_RATE", "120/min")
if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured(
        "API_ANON_RATE must be a count per second, minute, hour or day such as '120/min', "
        f"not {API_ANON_RATE!r}."
    )
# How many exchanges one page of the API's lists holds.
API_PAGE_SIZE = envint("API_PAGE_SIZE", 50)
# 0 is no page size to DRF: the lists would answer every row at once, without `next`.
if API_PAGE_SIZE < 1:
    raise ImproperlyConfigured(f"API_PAGE_SIZE must be at least 1, not {API_PAGE_SIZE}.")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttles.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # An unknown `format` says which there are, and where the CSV downloads are.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "opendata.api.negotiation.FormatsNamedNegotiation",
    # …and is said in JSON, as every error of the API, whatever the address's own formats.
    "EXCEPTION_HANDLER": "opendata.api.negotiation.answered_in_json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "U.S.-China Exchange Database API",
    "DESCRIPTION": (
        "Read-only access to the published exchanges of the U.S.-China Exchange Database, "
        "with the catalogue's filters, cursor pagination and a list of withdrawn exchanges for mirrors; "
        "and to the organisations, people and places they link to, with lists of those deleted or merged "
        "into another for mirrors.\n\n"
        "Addresses: a record's `url` is its permanent address, under the site's public address "
        "(SITE_URL) whatever host answered, to cite or link; `next`, `previous` and an entity's "
        "`exchanges` are on the host the request was sent to, for navigation, so a client following "
        "them stays on the server it asked (a mirror, a test server).\n\n"
        "Parameters: a list refuses, with 400 naming it, a parameter it does not read (`organization` for "
        "`organisation`) and one that takes one value sent twice (`page_size=2&page_size=3`); `_`, "
        "`utm_…`, `mc_…` and the click identifiers platforms append (`fbclid`, `gclid`…) are ignored."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A record's date and end date are known to the same three precisions: one enum, under the name
    # the schema gave it before the end had its own.
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "exchanges.models.PRECISIONS"},
}

# Where `manage.py make_release` writes the dated releases that /data/ lists.
RELEASES_DIR = Path(envstr("RELEASES_DIR")) if envstr("RELEASES_DIR") else BASE_DIR / "releases"
# The licence the data is published under: an SPDX identifier, its name and its address.
DATA_LICENSE = envstr("DATA_LICENSE", "CC-BY-4.0")
DATA_LICENSE_TITLE = envstr("DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0 International")
DATA_LICENSE_URL = envstr("DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
# How many rows a download fetches from the database at a time.
DOWNLOAD_CHUNK_SIZE = 2000
