"""An exchange's citation as a file for reference managers: BibTeX, RIS or CSL-JSON."""

import json

from django.http import Http404, HttpResponse

from exchanges import citations
from exchanges.models import Exchange

from .read_only import read_only
from .revalidation import revalidated

FORMATS = {
    "bib": (citations.bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (citations.ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (
        lambda exchange: json.dumps([citations.csl(exchange)], ensure_ascii=False, indent=2) + "\n",
        "application/vnd.citationstyles.csl+json; charset=utf-8",
    ),
}


@read_only
@revalidated
def citation_file(request, slug, extension):
    exchange = Exchange.objects.published().filter(slug=slug).first()
    if exchange is None:
        raise Http404("No published exchange has this address.")
    render, content_type = FORMATS[extension]
    response = HttpResponse(render(exchange), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citations.bibtex_key(exchange)}.{extension}"'
    return response
