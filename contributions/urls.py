from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("contribute/", views.submit, name="submit"),
    path("contribute/thanks/", views.thanks, name="thanks"),
    path("contribute/sent/<str:token>/", views.sent, name="sent"),
    path("exchanges/<str:slug>/suggest/", views.suggest, name="suggest"),
]
