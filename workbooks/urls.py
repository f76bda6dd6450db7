from django.urls import path

from . import views

app_name = "workbooks"

urlpatterns = [
    path("<int:pk>/workbook/", views.offline, name="offline"),
    path("<int:pk>/workbook.xlsx", views.download, name="download"),
    path("<int:pk>/workbook/upload/", views.upload, name="upload"),
    path("<int:pk>/workbook/uploads/<int:upload_id>/", views.preview, name="preview"),
    path("<int:pk>/workbook/uploads/<int:upload_id>/apply/", views.apply, name="apply"),
    path("<int:pk>/workbook/uploads/<int:upload_id>/file.xlsx", views.upload_file, name="upload_file"),
]
