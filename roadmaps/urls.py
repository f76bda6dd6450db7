from django.urls import path

from . import views

app_name = "roadmaps"

urlpatterns = [
    path("<int:pk>/roadmap/", views.detail, name="detail"),
    path("<int:pk>/roadmap/generate/", views.generate, name="generate"),
    path("<int:pk>/roadmap/actions/new/", views.add_action, name="add_action"),
    path("<int:pk>/roadmap/actions/<int:action_id>/", views.action, name="action"),
    path("<int:pk>/roadmap/milestones/<int:milestone_id>/", views.milestone, name="milestone"),
]
