from django.urls import path

from . import views

app_name = "experiences"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:experience_id>/", views.detail, name="detail"),
]
