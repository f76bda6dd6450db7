from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/initial-report/", views.preview, name="initial_report"),
    path("<int:pk>/initial-report.pdf", views.pdf, name="initial_report_pdf"),
    path("<int:pk>/initial-report.docx", views.docx, name="initial_report_docx"),
]
