# The web image: gunicorn serving the site, WhiteNoise serving its static files.
# Build: docker build -t exchanges .   Run: see docker-compose.yml and README.

# --- build: install the pinned requirements into a virtual environment --------
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install --requirement /tmp/requirements.txt

# --- run: the virtual environment and the code, nothing to build with ---------
FROM python:3.11-slim-bookworm

ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8000

RUN groupadd --system --gid 10001 exchanges \
    && useradd --system --uid 10001 --gid exchanges --no-create-home --home-dir /app exchanges

COPY --from=build /venv /venv
WORKDIR /app
COPY . .

# Hashed, compressed static files are part of the image. The key only lets
# the settings load; nothing is signed with it.
RUN DEBUG=false SECRET_KEY=collectstatic-at-build-time python manage.py collectstatic --no-input --verbosity 0

# The numeric id, so the runtime can tell without reading /etc/passwd that it is not root.
USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]
