"""An exchange's citation as a file for reference managers: BibTeX, RIS or CSL-JSON."""

import json

from django.http import Http404, HttpResponse

from exchanges import citations
from exchanges.models import Exchange

from .filtering import parameters_refused, unknown_parameters
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
    # It reads no parameter: `?format=bib` or `?style=apa` gave this file without a word.
    if refused := parameters_refused_in(request, extension):
        return refused
    exchange = Exchange.objects.published().filter(slug=slug).first()
    if exchange is None:
        raise Http404("No published exchange has this address.")
    render, content_type = FORMATS[extension]
    response = HttpResponse(render(exchange), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citations.bibtex_key(exchange)}.{extension}"'
    return response


def parameters_refused_in(request, extension):
    """400 naming each parameter sent, what tools add to a link aside (in JSON for cite.json, as its
    404 is); None when none was sent."""
    lines = [f"{name}: {message}" for name, [message] in unknown_parameters(request.GET, set()).items()]
    return parameters_refused(lines, in_json=extension == "json") if lines else None
