from django.contrib import admin
from django.urls import include, path

from accounts.urls import auth_urlpatterns

urlpatterns = [
    path("", include("portal.urls")),
    path("assessments/", include("assessments.urls")),
    path("assessments/", include("roadmaps.urls")),
    path("assessments/", include("assistance.urls")),
    path("assessments/", include("workshops.urls")),
    path("assessments/", include("reports.urls")),
    path("assessments/", include("briefs.urls")),
    path("assessments/", include("workbooks.urls")),
    path("questionnaires/", include("frameworks.urls")),
    path("experiences/", include("experiences.urls")),
    path("", include("regional.urls")),  # /regional/ and the assessment sharing choice
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "portal.middleware.server_error"
