from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .filters import ExchangeFilter
from .models import Exchange
from .search import add_snippets

LATEST_ON_HOME = 6


def home(request):
    published = Exchange.objects.published()
    return render(
        request,
        "exchanges/home.html",
        {
            "total": published.count(),
            "latest": published.for_list().order_by("-date", "-id")[:LATEST_ON_HOME],
        },
    )


def exchange_list(request):
    filterset = ExchangeFilter(request.GET, queryset=Exchange.objects.published().for_list())
    page, page_error = paginate(request, filterset.qs)
    if filterset.data.get("q", "").strip() and filterset.search_plan.text:
        add_snippets(page.object_list, filterset.search_plan.query)
    return render(
        request,
        "exchanges/list.html",
        {
            "filter": filterset,
            "page": page,
            "page_error": page_error,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "type_facets": filterset.facets("type"),
            "level_facets": filterset.facets("level"),
            "government_facets": filterset.facets("government"),
            "continuing_facets": filterset.facets("continuing"),
        },
    )


def exchange_detail(request, slug):
    exchange = get_object_or_404(Exchange.objects.published().for_detail(), slug=slug)
    return render(request, "exchanges/detail.html", {"exchange": exchange})


def about(request):
    return render(request, "about.html")


def paginate(request, queryset):
    """The requested page, or the nearest real one with a message saying why."""
    paginator = Paginator(queryset, settings.EXCHANGES_PER_PAGE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number), None
    except PageNotAnInteger:
        return paginator.page(1), _("“%(page)s” is not a page number; showing the first page.") % {
            "page": number
        }
    except EmptyPage:
        last = paginator.num_pages
        return paginator.page(last), _("There is no page %(page)s; showing the last page, %(last)s.") % {
            "page": number,
            "last": last,
        }
