from django.urls import path

from .views import answers, assessment, bulk, exchange, follow_up, gaps, team

app_name = "assessments"

urlpatterns = [
    path("new/", assessment.start, name="start"),
    path("import/", exchange.import_assessment, name="import"),
    path("<int:pk>/export.json", exchange.export_json, name="export"),
    path("<int:pk>/", assessment.detail, name="detail"),
    path("<int:pk>/disputes/", assessment.disputes, name="disputes"),
    path("<int:pk>/agree-common/", bulk.agree_common, name="agree_common"),
    path("<int:pk>/lock/", assessment.lock, name="lock"),
    path("<int:pk>/follow-up/", follow_up.follow_up, name="follow_up"),
    path("<int:pk>/compare/", follow_up.compare, name="compare"),
    path("<int:pk>/gaps/", gaps.gaps, name="gaps"),
    path("<int:pk>/gaps/explain/", gaps.explain, name="explain"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/invite/", team.invite, name="invite"),
    path("<int:pk>/team/agencies/", team.add_agency, name="add_agency"),
    path("<int:pk>/team/invitations/<int:invitation_id>/revoke/", team.revoke, name="revoke"),
    path("<int:pk>/team/members/<int:member_id>/remove/", team.remove, name="remove"),
    path("<int:pk>/team/members/<int:member_id>/role/", team.change_role, name="change_role"),
    path("<int:pk>/team/two-step/", team.two_factor, name="two_factor"),
    path("<int:pk>/assignments/", team.assignments, name="assignments"),
    path("<int:pk>/sections/<str:code>/", answers.section, name="section"),
    path("<int:pk>/sections/<str:code>/status/", answers.section_status, name="section_status"),
    path("<int:pk>/questions/<str:code>/", answers.question, name="question"),
    path("<int:pk>/questions/<str:code>/answer/", answers.save_answer, name="save_answer"),
    path("<int:pk>/questions/<str:code>/agree/", answers.agree, name="agree"),
    path("<int:pk>/questions/<str:code>/comments/", answers.comment, name="comment"),
    path("<int:pk>/questions/<str:code>/evidence/", answers.add_evidence, name="add_evidence"),
    path("<int:pk>/evidence/<int:evidence_id>/", answers.evidence, name="evidence"),
    path("invitations/<str:token>/", team.accept, name="accept"),
]
