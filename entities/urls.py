"""The entities app's own addresses: the autocomplete's suggestions.

The pages of an organisation, a person and a place list exchanges, so they
are catalogue views and will be served from the exchanges app under the
names entities:organisation, entities:person and entities:place, which the
models' get_absolute_url already uses (this app imports no other).
"""

from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
]
