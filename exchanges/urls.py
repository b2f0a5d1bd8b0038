from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("<str:slug>/", views.exchange_detail, name="detail"),
]

# The pages of organisations, people and places: catalogue views, served under the
# `entities` namespace (config/urls.py) that the entities' get_absolute_url uses.
entity_page_patterns = [
    path("organisations/", views.entity_index, {"kind": "organisation"}, name="organisations"),
    path("organisations/<str:slug>/", views.entity_page, {"kind": "organisation"}, name="organisation"),
    path("people/", views.entity_index, {"kind": "person"}, name="people"),
    path("people/<str:slug>/", views.entity_page, {"kind": "person"}, name="person"),
    path("places/", views.entity_index, {"kind": "place"}, name="places"),
    path("places/<str:slug>/", views.entity_page, {"kind": "place"}, name="place"),
]
