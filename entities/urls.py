"""The entities app's own addresses: the autocomplete's suggestions.

The pages of an organisation, a person and a place list exchanges, so they
are catalogue views, served from the exchanges app (exchanges.urls.entity_page_patterns)
under the names entities:organisation, entities:person and entities:place,
which the models' get_absolute_url uses; config/urls.py puts both under the
`entities` namespace, so this app imports no other.
"""

from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
]
