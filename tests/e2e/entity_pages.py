"""Test-only pages that show the entity autocomplete and the timeline on the site's own layout.

Neither is wired into a public page yet (the contribution form and the
catalogue list will take them up); these pages let the browser tests drive
them as a person would. Used through override_settings(ROOT_URLCONF=...).
"""

from django.http import QueryDict
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from exchanges.timeline import build_timeline

AUTOCOMPLETE_PAGE = """{% extends "base.html" %}{% load static %}
{% block head %}<link rel="stylesheet" href="{% static 'css/entity-autocomplete.css' %}">{% endblock %}
{% block content %}
<h1>Who took part</h1>
<form method="get" action="">
  <div class="mb-3">
    <label for="id_participants" class="form-label">Participants</label>
    <textarea id="id_participants" name="participants" rows="4" class="form-control"
      data-entity-kind="person" aria-describedby="id_participants_help"></textarea>
    <div id="id_participants_help" class="form-text">
      One person a line; pick a known one or type a new name.
    </div>
  </div>
  <div class="mb-3">
    <label for="id_place" class="form-label">Place</label>
    <input id="id_place" name="place" type="text" class="form-control" data-entity-kind="place">
  </div>
  <button type="submit" class="btn btn-primary">Send</button>
</form>
<script src="{% static 'js/entity-autocomplete.js' %}"></script>
{% endblock %}
"""

TIMELINE_PAGE = """{% extends "base.html" %}{% load static %}
{% block head %}<link rel="stylesheet" href="{% static 'css/timeline.css' %}">{% endblock %}
{% block content %}
<h1>Exchanges</h1>
<div class="row">
  <div class="col-lg-3"><p>Filters</p></div>
  <div class="col-lg-9">{% include "exchanges/_timeline.html" %}<p>Results</p></div>
</div>
{% endblock %}
"""

# A skewed, realistic run: few exchanges in the 1970s, many after 2009, gaps.
TIMELINE_ROWS = [(1971, 2), (1972, 5), (1975, 1), (1978, 4), (1979, 12), (1984, 6), (1989, 3), (1997, 8)] + [
    (year, 10 + (year * 7) % 23) for year in range(2001, 2025)
]


def autocomplete_page(request):
    return _render(AUTOCOMPLETE_PAGE, {}, request)


def timeline_page(request):
    query = QueryDict(request.GET.urlencode())
    # ?counts=large: the same run as a catalogue of millions counts it, for the widest numbers of the scale.
    factor = 4_000 if query.get("counts") == "large" else 1
    rows = [(year, count * factor) for year, count in TIMELINE_ROWS]
    return _render(TIMELINE_PAGE, {"timeline": build_timeline(rows, query)}, request)


def _render(source, context, request):
    from django.http import HttpResponse

    return HttpResponse(engines["django"].from_string(source).render(context, request))


urlpatterns = [
    path("test-only/autocomplete/", autocomplete_page),
    path("test-only/timeline/", timeline_page),
    *site_urlpatterns,
]
