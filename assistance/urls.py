from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("<int:pk>/assistance/", views.request_list, name="list"),
    path("<int:pk>/assistance/new/", views.new, name="new"),
    path("<int:pk>/assistance/<int:assistance_id>/", views.detail, name="detail"),
    path("<int:pk>/assistance/<int:assistance_id>/status/", views.change_status, name="status"),
    path("<int:pk>/assistance/<int:assistance_id>/outline.docx", views.outline, name="outline"),
]
