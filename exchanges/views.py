from django.conf import settings
from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models.functions import Lower
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _

from entities.models import ENTITY_MODELS

from .cache import kept_counts
from .counts import catalogue_total
from .filters import FACET_SHOWN, LINKS, ExchangeFilter
from .forms import EntityIndexForm
from .models import Exchange, ExchangeOrganisation, ExchangePerson
from .paging import paginate
from .recorded import linked_location, linked_participants
from .related import related_exchanges
from .search import add_snippets, other_spellings
from .timeline import build_timeline

LATEST_ON_HOME = 6
# A place's page lists at most this many of the places within it, those most exchanges name first.
PLACES_WITHIN_SHOWN = 20


def home(request):
    published = Exchange.objects.published()
    return render(
        request,
        "exchanges/home.html",
        {
            # From the summary of counts: the catalogue is not counted on every visit.
            "total": catalogue_total(),
            "latest": published.for_list().order_by("-date", "-id")[:LATEST_ON_HOME],
        },
    )


def exchange_list(request):
    filterset = ExchangeFilter(
        request.GET, queryset=Exchange.objects.published().for_list(), whole_catalogue=True
    )
    return to_slugs_kept(request, filterset) or render(
        request, "exchanges/list.html", catalogue_context(request, filterset)
    )


def to_slugs_kept(request, filterset, path=None):
    """The same page by the slugs of the entities kept, for good (301), when a filter names an entity
    merged into another by its old slug (a saved search, a citation); None otherwise.

    Led there rather than read in place: the address a reader then copies, the page's canonical
    address, its downloads, feed, paging and timeline all name the entity by its own slug. The page
    led to says once what the old slug now names. The downloads, the feed and the API read the old
    slug in place: their clients send it again and again, and some follow no redirect.

    `path`: the page led to, when not the one asked for (a merged entity's old address)."""
    query = filterset.query_by_slugs_kept()
    if query is None:
        return None
    for label, notes in filterset.renamed_entities:
        for note in notes:
            messages.info(request, _("%(label)s: %(value)s") % {"label": label, "value": note})
    return HttpResponsePermanentRedirect(f"{path or request.path}?{query.urlencode()}")


def catalogue_context(request, filterset, entity_kind=None):
    """What the list template draws for a FilterSet: the page, the facets and the timeline.

    On an entity's page (`entity_kind`), the facet of its own kind is left out: it would list
    the entity itself first."""
    counts = kept_counts(request, lambda: catalogue_counts(filterset, entity_kind), entity_kind)
    total = counts["total"]
    page, page_error = paginate(request, filterset.listed(), count=total.count, more=total.more)
    if filterset.search_words and filterset.search_plan.text:
        add_snippets(page.object_list, filterset.search_plan.query)
    filterset.forget_counted()
    return {
        **counts,
        "filter": filterset,
        "page": page,
        "page_error": page_error,
        # Built when first drawn: a timeline kept as drawn (kept_counts) is not built at all.
        "timeline": SimpleLazyObject(lambda: build_timeline(counts["year_counts"], request.GET)),
        "facet_shown": FACET_SHOWN,
    }


def catalogue_counts(filterset, entity_kind=None):
    """The total, the facets and the years of a FilterSet: what is counted, not what is listed."""
    counts = {
        "total": filterset.total(),
        "type_facets": filterset.facets("type"),
        "level_facets": filterset.facets("level"),
        "government_facets": filterset.facets("government"),
        "continuing_facets": filterset.facets("continuing"),
        "entity_facets": [
            (kind, str(filterset.form.fields[kind].label), facets[:FACET_SHOWN], facets[FACET_SHOWN:])
            for kind in LINKS
            if kind != entity_kind
            for facets in [filterset.entity_facets(kind)]
        ],
        "country_facets": filterset.country_facets(),
        "year_counts": filterset.year_counts(),
    }
    # Known once every facet is counted: which were counted over the first COUNT_CAP results only.
    counts["sampled_note"] = str(filterset.sampled_note)
    return counts


def exchange_detail(request, slug):
    try:
        exchange = Exchange.objects.published().for_detail().with_entities().get(slug=slug)
    except Exchange.DoesNotExist:
        return withdrawn(request, slug)
    context = {
        "exchange": exchange,
        "related": related_exchanges(exchange),
        # The people and places linked, in place in the texts they were read from (exchanges/recorded.py).
        "participants": linked_participants(exchange),
        "location": linked_location(exchange),
    }
    return render(request, "exchanges/detail.html", context)


def withdrawn(request, slug, status=410):
    """The page of an exchange published once and taken down since, which a citation or an old link
    leads to: gone for good (410), so that readers, search engines and mirrors know it was withdrawn
    rather than mistyped. Nothing of it is shown. One never published is not found, as an unknown one."""
    reasons = Exchange.objects.withdrawn().filter(slug=slug).values_list("withdrawal_reason")
    if not (found := reasons[:1]):
        raise Http404
    return withdrawn_page(request, status, reason=found[0][0])


def withdrawn_page(request, status=410, reason=""):
    """The page saying an exchange was withdrawn, with the moderator's reason when they gave one;
    opendata's 404 handler gives it for one deleted, whose address only its tombstone
    (opendata.Withdrawal) remembers."""
    return render(request, "exchanges/withdrawn.html", {"status": status, "reason": reason}, status=status)


def entity_page(request, kind, slug):
    """An organisation's, a person's or a place's page: its names, and its exchanges as a catalogue."""
    model = ENTITY_MODELS[kind]
    try:
        entity = model.objects.prefetch_related("aliases").get(slug=slug)
    except model.DoesNotExist:
        return to_entity_kept(request, kind, slug)
    filterset = ExchangeFilter(
        request.GET, queryset=Exchange.objects.published().for_list(), linked_to=(kind, entity)
    )
    redirect = to_slugs_kept(request, filterset)
    if redirect is not None:
        return redirect
    # The same exchanges in the catalogue, its downloads and feed: without what the page ignored.
    catalogue = filterset.usable_data()
    catalogue.setlist(kind, [slug])
    context = catalogue_context(request, filterset, entity_kind=kind)
    context.update({"entity": entity, "entity_kind": kind, "catalogue_query": catalogue.urlencode()})
    add_parts(kind, entity, context["page"].object_list)
    if kind == "place":
        # The page names the place it lies in; with its own kind's facet left out, these are the way
        # down (California to Los Angeles). One more than are shown, to say that there are more.
        context["places_within"] = list(
            entity.children.with_published_exchanges().order_by("-exchange_count", Lower("name"), "pk")[
                : PLACES_WITHIN_SHOWN + 1
            ]
        )
        context["places_within_shown"] = PLACES_WITHIN_SHOWN
    return render(request, "exchanges/entity.html", context)


def add_parts(kind, entity, exchanges):
    """Give each of `exchanges` what `entity` was in it (`entity_part`), for its row: the title a
    person held ("Secretary of State"), an organisation's role when it sponsored ("sponsor",
    "partner and sponsor"; a partner alone, as most are, is not said on every row). Places have
    none. A researcher reading a person's exchanges reads which office they held in each. A title
    that is only a bracket's note ("(Harvard)", "(D-CA)") is no office held: it is said as it is
    written (`entity_note`), not "as (Harvard)"."""
    if not exchanges:
        return
    notes = {}
    if kind == "person":
        parts = ExchangePerson.objects.parts_in(entity, exchanges)
        for pk, titles in parts.items():
            notes[pk] = [title for title in titles if title.startswith("(") and title.endswith(")")]
            parts[pk] = [title for title in titles if title not in notes[pk]]
    elif kind == "organisation":
        labels = dict(ExchangeOrganisation.Role.choices)
        found = ExchangeOrganisation.objects.parts_in(entity, exchanges)
        parts = {
            pk: [str(labels.get(role, role)).lower() for role in roles]
            for pk, roles in found.items()
            if roles != [ExchangeOrganisation.Role.PARTNER]
        }
    else:
        return
    for exchange in exchanges:
        exchange.entity_part = get_text_list(parts.get(exchange.pk, []), _("and"))
        exchange.entity_note = " ".join(notes.get(exchange.pk, []))


def to_entity_kept(request, kind, slug):
    """The page of the entity that the one at `slug` was merged into, for good (301) and with the same
    filters: researchers cite the old address. Read only when no entity lives there, so an entity's
    own page costs no query more; 404 when no entity of the kind ever had the address.

    A filter naming a merged entity by its old slug (often the old address's own, a catalogue link
    copied before the merge) names the one kept in the same redirect, not in a second one from the
    page led to (to_slugs_kept)."""
    model = ENTITY_MODELS[kind]
    kept = model.objects.kept_for(slug)
    if kept is None:
        raise Http404(f"No {model._meta.object_name} matches the given query.")
    query = request.META.get("QUERY_STRING")
    if query:
        filterset = ExchangeFilter(
            request.GET, queryset=Exchange.objects.published().for_list(), linked_to=(kind, kept)
        )
        redirect = to_slugs_kept(request, filterset, path=kept.get_absolute_url())
        if redirect is not None:
            return redirect
    return HttpResponsePermanentRedirect(
        f"{kept.get_absolute_url()}?{query}" if query else kept.get_absolute_url()
    )


# By name as the alphabet orders it, whatever the case: SQLite and PostgreSQL's C collation compare
# bytes ("ABC News" before "Alibaba Foundation").
INDEX_SORTS = {"name": [Lower("name"), "pk"], "count": ["-exchange_count", Lower("name"), "pk"]}
ENTITIES_PER_PAGE = 50


def entity_index(request, kind):
    """Every organisation, person or place with its number of published exchanges, by name or by number;
    with `q`, those whose name, a word of it, its Chinese name or an alias begins with `q`, or whose
    name begins with another spelling of it that the search's synonyms give."""
    model = ENTITY_MODELS[kind]
    asked = request.GET.get("sort") or "name"
    sort = asked if asked in INDEX_SORTS else "name"
    form = EntityIndexForm(request.GET)
    name = form.cleaned_data["q"] if form.is_valid() else ""
    # Each entity's exchange_count is kept as exchanges are published (exchanges/counts.py).
    entities = model.objects.all()
    if kind == "place":
        # Where each lies, in the same query: two places of one name are told apart.
        entities = entities.select_related("parent")
    if name:
        # The names that begin with it first (starting_with's order), then those that begin with
        # another spelling the search knows ("Chou" for Zhou Enlai), unless sorted by number.
        spellings = other_spellings(name)
        entities = entities.starting_with(name, spellings).with_spelling_found(name, spellings)
    if not name or sort != "name":
        entities = entities.order_by(*INDEX_SORTS[sort])
    page, page_error = paginate_by_number(request, entities, per_page=ENTITIES_PER_PAGE)
    return render(
        request,
        "exchanges/entity_index.html",
        {
            "kind": kind,
            "verbose_name_plural": model._meta.verbose_name_plural,
            "page": page,
            "page_error": page_error,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "sort": sort,
            "sort_error": (
                _("“%(sort)s” is not a way to sort this list: showing it by name.")
                % {"sort": Truncator(asked).chars(40)}
                if asked != sort
                else None
            ),
            "form": form,
            "name": name,
        },
    )


def about(request):
    return render(request, "about.html")


def paginate_by_number(request, queryset, per_page=None):
    """The requested page by number, or the nearest real one with a message saying why (the
    catalogue's lists page through exchanges/paging.py)."""
    paginator = Paginator(queryset, per_page or settings.EXCHANGES_PER_PAGE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number), None
    except PageNotAnInteger:
        return paginator.page(1), _("“%(page)s” is not a page number; showing the first page.") % {
            "page": number
        }
    except EmptyPage:
        # Django refuses a number below 1 as it does one past the end; the first page is the nearer.
        if int(number) < 1:
            first = _("There is no page %(page)s; showing the first page.") % {"page": number}
            return paginator.page(1), first
        last = paginator.num_pages
        return paginator.page(last), _("There is no page %(page)s; showing the last page, %(last)s.") % {
            "page": number,
            "last": last,
        }
