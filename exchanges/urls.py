from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("<str:slug>/", views.exchange_detail, name="detail"),
]
