from django.urls import path

from . import views

app_name = "regional"

urlpatterns = [
    path("regional/", views.index, name="index"),
    path("regional/<int:org_id>/", views.organization, name="organization"),
    path("regional/<int:org_id>/export.csv", views.export_csv, name="export_csv"),
    path("regional/<int:org_id>/export.pdf", views.export_pdf, name="export_pdf"),
    # The coordinator's choice lives beside the assessment's own URLs; the view goes through membership_or_404.
    path("assessments/<int:pk>/sharing/", views.sharing, name="sharing"),
]
