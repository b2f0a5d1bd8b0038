"""An Atom feed of the newest exchanges for any search or filter of the catalogue."""

import functools

from django.contrib.syndication.views import Feed
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

from entities.models import DeletedEntity, Organisation, Person, Place
from exchanges.citations import DATABASE_NAME
from exchanges.models import Exchange
from exchanges.text import plain_text

from .filtering import bad_parameters, catalogue_filter, searched_instead
from .models import Withdrawal
from .read_only import read_only
from .revalidation import revalidated
from .sitemaps import on_site

FEED_LENGTH = 50


class SearchAtomFeed(Atom1Feed):
    """Dated by its newest entry, as Django dates a feed; with no entry (a search followed before its
    first match), by the catalogue's latest change (`catalogue_changed()`, asked once its entries
    are read). Django dates an empty feed by the moment it is drawn: its ETag and Last-Modified
    changed with every request, and a reader polling it downloaded it every time."""

    def latest_post_date(self):
        changed = None if self.items else self.feed["catalogue_changed"]()
        return changed or super().latest_post_date()


class ExchangeSearchFeed(Feed):
    """The exchanges a search selects, most recently published first."""

    feed_type = SearchAtomFeed
    # Atom (RFC 4287) asks for an author of the feed or of every entry: the database speaks for them.
    author_name = DATABASE_NAME

    def __call__(self, request, *args, **kwargs):
        # Django dates the feed by its newest entry. An exchange withdrawn from it, or edited out of
        # its search, changes what it shows but no entry's date: a reader revalidating with
        # If-Modified-Since alone would be told 304 and keep showing it.
        # Read after the entries, once, whether the feed has any or not.
        catalogue_changed = functools.cache(latest_catalogue_change)
        response = super().__call__(request, *args, catalogue_changed=catalogue_changed, **kwargs)
        newest_entry = parse_http_date_safe(response["Last-Modified"])
        changed = catalogue_changed()
        if changed and changed.timestamp() > newest_entry:
            response["Last-Modified"] = http_date(changed.timestamp())
        return response

    def get_object(self, request, catalogue_changed=None):
        filterset = catalogue_filter(request)
        # Read back by feed_extra_kwargs: the feed object is shared by every request.
        filterset.catalogue_changed = catalogue_changed
        return filterset

    def feed_extra_kwargs(self, filterset):
        return {"catalogue_changed": filterset.catalogue_changed}

    def title(self, filterset):
        # The search words are named as the list heads them: by what was searched, which for a
        # corrected search ("Kisinger") is not what was typed, and whose entries the feed holds.
        searched = searched_instead(filterset) or filterset.search_words
        described = [description for description, _without in filterset.active_filters(leaving_out={"q"})]
        # A slug no entity has matches nothing: named, so that the feed is not titled as every
        # exchange's while it stays empty.
        described += [
            _("%(label)s: %(value)s") % {"label": label, "value": slug}
            for label, slugs in filterset.unknown_slugs()
            for slug in slugs
        ]
        filters = xml_text("; ".join(described))
        if searched and described:
            return _("New exchanges matching “%(search)s”: %(filters)s · U.S.-China Exchange Database") % {
                "search": xml_text(searched),
                "filters": filters,
            }
        if searched:
            return _("New exchanges matching “%(search)s” · U.S.-China Exchange Database") % {
                "search": xml_text(searched)
            }
        if described:
            return _("New exchanges: %(filters)s · U.S.-China Exchange Database") % {"filters": filters}
        return _("New exchanges · U.S.-China Exchange Database")

    # Every address the feed gives is the page's permanent one, under SITE_URL as the sitemaps and
    # the API's `url` write it: Django puts a path on the host asked, and a reader subscribed through
    # a second host (a mirror, an old name) kept that host's addresses as the entries' ids.
    def link(self, filterset):
        return on_site(reverse("exchanges:list") + _query_string(filterset))

    def feed_url(self, filterset):
        # The feed's own address (rel="self") with its filters: without them it names another feed.
        return on_site(reverse("opendata:feed") + _query_string(filterset))

    def subtitle(self, filterset):
        # The entries are those of the search the site's list shows, which may not be `q` as typed:
        # the feed names it, as the list does.
        shown = searched_instead(filterset)
        if shown:
            subtitle = _(
                "Exchanges newly published in the U.S.-China Exchange Database that match this search, "
                "showing results for “%(shown)s”."
            ) % {"shown": xml_text(shown)}
        else:
            subtitle = _(
                "Exchanges newly published in the U.S.-China Exchange Database that match this search."
            )
        # As the list says it: no exchange will ever match a slug no entity has had.
        unknown = [message for _label, messages in filterset.unknown_entities for message in messages]
        if unknown:
            subtitle = " ".join([subtitle, _("Not known here, so no exchange matches it:"), *unknown])
        return xml_text(subtitle)

    def items(self, filterset):
        # Newest publications first, whatever sort the search asked for: by when each was first
        # published, so that a draft made long ago and published now is new to the feed's readers.
        return filterset.qs.order_by("-published", "-id")[:FEED_LENGTH]

    def item_link(self, exchange):
        return on_site(exchange.get_absolute_url())

    def item_title(self, exchange):
        return xml_text(exchange.title)

    def item_description(self, exchange):
        # Atom sends the summary as HTML: the plain text escaped, its line breaks kept, as the
        # exchange's page shows it (a "<" in it is a character, not a tag). None without a summary:
        # Atom's summary is optional, and an empty paragraph ("<p></p>") was shown as one.
        text = xml_text(exchange.summary, lines=True)
        return linebreaks(text, autoescape=True) if text.strip() else None

    def item_pubdate(self, exchange):
        return exchange.published

    def item_updateddate(self, exchange):
        return exchange.updated

    def item_categories(self, exchange):
        # The type, or the source's own words; none when the record does not say (an Atom
        # category must have a term).
        return [xml_text(exchange.type_display)] if exchange.type_display else []


def xml_text(text, lines=False):
    """Text as XML can carry it. Records are made plain as they are validated, but one stored
    before, or a search typed with a control character in it, is not: XML 1.0 has no way to write
    a form feed, and Django refuses the whole feed rather than leave it out."""
    return plain_text(str(text), lines=lines)


def latest_catalogue_change():
    """The latest moment a published exchange changed, one was withdrawn, or an organisation, person
    or place was renamed, merged, edited or deleted: one query, reading one entry of each index
    (exchange_published_updated, withdrawal_withdrawn_at, organisation_updated, person_updated,
    place_updated, deleted_entity_deleted_at), beside the moment the catalogue was made
    (catalogue_made), its date when none of them has happened yet.

    Whatever leaves a feed does so by one of these; whatever enters it is an entry dated at least as
    late, or comes with an entity's change (a merge brings the merged one's exchanges to a feed of
    the one kept). A feed filtered by an entity names it in its title, which a rename changes and no
    entry's date shows. It is the catalogue's, not the search's: a reader of a narrow feed may
    download it again after a change elsewhere, never keep a copy that no longer holds."""
    latest_of = {
        "published": Exchange.objects.published().order_by("-updated").values_list("updated")[:1],
        "withdrawn": Withdrawal.objects.order_by("-withdrawn_at").values_list("withdrawn_at")[:1],
    }
    # An entity's `updated` moves when it is saved (renamed or edited in the admin, or kept by a
    # merge: entities/merge.py saves it with the merged one's names), and when its aliases or its
    # count of exchanges move without a save (exchanges/counts.py).
    for model in (Organisation, Person, Place):
        latest_of[f"{model._meta.model_name}_changed"] = model.objects.order_by("-updated").values_list(
            "updated"
        )[:1]
    # A deleted one has no `updated` left: its address is remembered with the moment
    # (entities/signals.py). The feeds filtered by it answer that nothing is known as it.
    latest_of["entity_deleted"] = DeletedEntity.objects.order_by("-deleted_at").values_list("deleted_at")[:1]
    # Read beside the moment the catalogue was made, which dates it when nothing else does: with
    # nothing published (yet, or any longer: every exchange withdrawn), the empty feed was dated by
    # the moment it was drawn, new at every poll.
    made, *latest = catalogue_made(latest_of) or [None]
    return max((moment for moment in latest if moment is not None), default=None) or made


def catalogue_made(latest_of):
    """[when the catalogue's tables were made (its first migration applied), then the first value of
    each queryset of `latest_of`], read in one query; None if the making was not recorded."""
    recorder = MigrationRecorder(connections[Exchange.objects.db])
    # Recorded as they are applied: the first by id is the first applied, read without a sort.
    first = recorder.migration_qs.filter(app="exchanges").order_by("id")
    first = first.annotate(**{name: Subquery(queryset) for name, queryset in latest_of.items()})
    return first.values_list("applied", *latest_of).first()


def _query_string(filterset):
    """The search's parameters as "?…" (empty without any), without its page: a feed has none."""
    query = filterset.data.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


search_feed = ExchangeSearchFeed()


@read_only
@revalidated
def exchange_feed(request):
    if refused := bad_parameters(catalogue_filter(request)):
        return refused
    return search_feed(request)
