from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/initial-report/", views.preview, name="initial_report"),
    path("<int:pk>/initial-report/cover/", views.cover, name="initial_report_cover"),
    path("<int:pk>/initial-report.pdf", views.pdf, name="initial_report_pdf"),
    path("<int:pk>/initial-report.docx", views.docx, name="initial_report_docx"),
    path("<int:pk>/initial-report-final.pdf", views.final_pdf, name="initial_report_final_pdf"),
    path("<int:pk>/initial-report-final.docx", views.final_docx, name="initial_report_final_docx"),
]
