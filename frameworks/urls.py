from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/<str:version>/questionnaire.pdf", views.questionnaire_pdf, name="questionnaire_pdf"),
]
