from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from exchanges.models import Exchange

from . import releases
from .read_only import read_only
from .revalidation import revalidated


@read_only
def data(request):
    """The releases to download, newest first, with the licence and the codebook."""
    listed = []
    for name in releases.release_names():
        package = releases.read_package(settings.RELEASES_DIR, name)
        # Releases made before it have no copy for Excel; they are never written over.
        for_excel = any(resource["path"] == releases.SPREADSHEET_COPY for resource in package["resources"])
        listed.append(
            {"name": name, "package": package, "changelog": releases.CHANGELOG, "for_excel": for_excel}
        )
    return render(
        request,
        "opendata/data.html",
        {
            "releases": listed,
            "codebook": releases.codebook(),
            "total": Exchange.objects.published().count(),
            "license": {"title": settings.DATA_LICENSE_TITLE, "url": settings.DATA_LICENSE_URL},
            "dataset_json_ld": releases.dataset_json_ld(request, listed[0]["name"] if listed else None),
        },
    )


# A release is never written over (a second one the same day is numbered): its files may be kept
# a day without asking, and are answered 304 after that while the copy kept is the same.
RELEASE_FILE_MAX_AGE = 24 * 60 * 60


@read_only
@revalidated
def release_file(request, name, file_name):
    """A file of a release: only names a release lists, only inside RELEASES_DIR."""
    if not releases.NAME.match(name) or name not in releases.release_names():
        raise Http404("No such release.")
    package = releases.read_package(settings.RELEASES_DIR, name)
    allowed = {resource["path"] for resource in package["resources"]} | {
        releases.DATAPACKAGE,
        releases.CHANGELOG,
    }
    root = Path(settings.RELEASES_DIR).resolve()
    path = (root / name / file_name).resolve()
    if file_name not in allowed or not path.is_relative_to(root) or not path.is_file():
        raise Http404("No such file in this release.")
    content_type = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown"}[path.suffix]
    response = FileResponse(path.open("rb"), content_type=f"{content_type}; charset=utf-8")
    # Saved under the name datapackage.json gives it, so that a release's files downloaded into one
    # folder validate as the package; datapackage.json's "version" says which release they are.
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    # The checksum the package gives a table is its ETag, read rather than computed; the package
    # and the changelog are dated by their file.
    checksum = next((each.get("hash") for each in package["resources"] if each["path"] == file_name), None)
    if checksum:
        response["ETag"] = f'"{checksum.split(":")[-1]}"'
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    patch_cache_control(response, public=True, max_age=RELEASE_FILE_MAX_AGE)
    return response


@read_only
def latest_release_file(request, file_name):
    """A file of the newest release, by redirect (302) to its own address: a script fetches
    /data/latest/exchanges.csv without first reading /data/ to learn the release's name, and a
    package fetched there reads its tables beside it, in that release. Asked again every time
    (max-age=0): the next release moves it."""
    names = releases.release_names()
    if not names:
        raise Http404("No release has been made yet.")
    response = redirect("opendata:release-file", name=names[0], file_name=file_name)
    patch_cache_control(response, max_age=0)
    return response


@read_only
def robots_txt(request):
    """Crawlers read the records and the sitemap, not the endless combinations of filters."""
    lines = [
        "User-agent: *",
        "Disallow: /exchanges/?",
        "Disallow: /exchanges/feed/",
        "Disallow: /exchanges.csv",
        "Disallow: /exchanges.json",
        "Disallow: /exchanges/*/cite.",
        "Disallow: /api/",
        "Disallow: /data/*/",
        "Disallow: /admin/",
        "Disallow: /exchanges/*/suggest/",
        "Disallow: /contribute/",
        "Allow: /api/v1/docs/",
        "",
        # Under SITE_URL, as the sitemaps' addresses are: asked on a second host, the sitemap
        # named is the one of the host whose pages it lists.
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('opendata:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
