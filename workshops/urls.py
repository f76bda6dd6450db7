from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("<int:pk>/workshops/", views.workshops, name="list"),
    path("<int:pk>/workshops/<int:workshop_id>/", views.projector, name="projector"),
    path("<int:pk>/workshops/<int:workshop_id>/sections/<str:code>/tally/", views.tally, name="tally"),
    path("<int:pk>/workshops/<int:workshop_id>/section/", views.move, name="move"),
    path("<int:pk>/workshops/<int:workshop_id>/questions/<str:code>/decide/", views.decide, name="decide"),
    path("<int:pk>/workshops/<int:workshop_id>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/workshops/<int:workshop_id>/decisions/", views.decisions, name="decisions"),
    path("<int:pk>/workshops/<int:workshop_id>/minutes/print/", views.print_minutes, name="print"),
]
