from django.urls import path

from .views import documents, exports, roadmap, summary

app_name = "roadmaps"

urlpatterns = [
    path("<int:pk>/roadmap/", roadmap.detail, name="detail"),
    path("<int:pk>/roadmap/generate/", roadmap.generate, name="generate"),
    path("<int:pk>/roadmap/summary/", summary.summary, name="summary"),
    path("<int:pk>/roadmap/introduction/", summary.introduction, name="introduction"),
    path("<int:pk>/roadmap/actions/new/", roadmap.add_action, name="add_action"),
    path("<int:pk>/roadmap/actions/<int:action_id>/", roadmap.action, name="action"),
    path("<int:pk>/roadmap/milestones/<int:milestone_id>/", roadmap.milestone, name="milestone"),
    path("<int:pk>/roadmap/roadmap.pdf", documents.roadmap_pdf, name="pdf"),
    path("<int:pk>/roadmap/actions.csv", exports.actions_csv, name="actions_csv"),
    path("<int:pk>/roadmap/actions.xlsx", exports.actions_xlsx, name="actions_xlsx"),
    path("<int:pk>/roadmap/roadmap.docx", exports.roadmap_docx, name="docx"),
]
