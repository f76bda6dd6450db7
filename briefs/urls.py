from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("<int:pk>/briefs/", views.brief_list, name="list"),
    path("<int:pk>/briefs/all.zip", views.all_briefs_zip, name="zip"),
    path("<int:pk>/briefs/parliament/", views.parliament_brief, name="parliament"),
    path("<int:pk>/briefs/parliament.pdf", views.parliament_brief_pdf, name="parliament_pdf"),
    path("<int:pk>/briefs/<int:agency_id>/", views.agency_brief, name="agency"),
    path("<int:pk>/briefs/<int:agency_id>.pdf", views.agency_brief_pdf, name="agency_pdf"),
]
