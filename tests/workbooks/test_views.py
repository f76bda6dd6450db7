"""The "Work offline" pages: download, upload, preview, apply, each for members only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer
from assessments.services import save_position
from tests.assessments.conftest import membership_of
from tests.workbooks.conftest import edit, open_book, workbook_of
from workbooks.models import WorkbookUpload


def _file(data: bytes, name="workbook.xlsx"):
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _upload(client, team, data, name="workbook.xlsx"):
    return client.post(reverse("workbooks:upload", args=[team["assessment"].pk]), {"file": _file(data, name)})


def test_the_overview_offers_the_workbook(client, team):
    client.force_login(team["customs"])
    page = client.get(reverse("assessments:detail", args=[team["assessment"].pk])).text
    assert f'<form method="get" action="{reverse("workbooks:download", args=[team["assessment"].pk])}"' in page
    assert 'name="sections" value="all"' in page
    assert reverse("workbooks:offline", args=[team["assessment"].pk]) in page


def test_a_member_downloads_the_agencys_workbook(client, team):
    client.force_login(team["customs"])
    response = client.get(reverse("workbooks:download", args=[team["assessment"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    book = open_book(response.content)
    assert book.sheetnames[0] == "Instructions" and "ART5" in book.sheetnames


def test_a_contributor_cannot_ask_for_another_agencys_workbook(client, team):
    client.force_login(team["customs"])
    licensing = membership_of(team, "licensing").agency
    url = reverse("workbooks:download", args=[team["assessment"].pk])
    response = client.get(url, {"sections": "all", "agency": licensing.pk})
    book = open_book(response.content)
    assert membership_of(team, "customs").agency.name in book["Instructions"]["A3"].value


def test_a_coordinator_downloads_the_workbook_of_any_agency_of_the_state(client, team):
    client.force_login(team["coordinator"])
    licensing = membership_of(team, "licensing").agency
    response = client.get(
        reverse("workbooks:download", args=[team["assessment"].pk]), {"sections": "all", "agency": licensing.pk}
    )
    assert licensing.name in open_book(response.content)["Instructions"]["A3"].value


def test_bad_download_choices_are_a_form_error(client, team):
    client.force_login(team["coordinator"])
    response = client.get(reverse("workbooks:download", args=[team["assessment"].pk]), {"sections": "<script>"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_upload_preview_and_apply(client, team):
    customs = membership_of(team, "customs")
    data = edit(workbook_of(team), "ART5-01", answer="In place", notes="Checked at the border.")
    client.force_login(team["customs"])
    response = _upload(client, team, data)
    kept = WorkbookUpload.objects.get()
    assert (kept.assessment, kept.agency, kept.uploaded_by) == (team["assessment"], customs.agency, team["customs"])
    assert response.status_code == 302 and response.url == reverse(
        "workbooks:preview", args=[team["assessment"].pk, kept.pk]
    )
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'id="row-ART5-01" data-status="new"' in page.text
    assert not Answer.objects.exists()  # nothing changes before the user applies
    response = client.post(reverse("workbooks:apply", args=[team["assessment"].pk, kept.pk]))
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.agency, answer.value, answer.notes) == (customs.agency, "in_place", "Checked at the border.")
    assert answer.history.get().history_change_reason == "from workbook"
    kept.refresh_from_db()
    assert kept.is_applied
    again = client.post(reverse("workbooks:apply", args=[team["assessment"].pk, kept.pk]))
    assert again.status_code == 409 and "already applied" in again.text


def test_errors_are_listed_with_sheet_and_row_and_block_applying(client, team):
    data = edit(workbook_of(team), "ART5-01", answer="Not applicable")
    data = edit(data, "ART5-02", answer="Maybe")
    client.force_login(team["customs"])
    response = _upload(client, team, data)
    kept = WorkbookUpload.objects.get()  # kept, to fix and upload again
    page = client.get(response.url).text
    assert "Sheet ART5, row 3 (ART5-01)" in page and "needs a reason" in page
    assert "Sheet ART5, row 4 (ART5-02)" in page and "“Maybe” is not on the answer scale." in page
    assert "Apply the workbook" not in page
    refused = client.post(reverse("workbooks:apply", args=[team["assessment"].pk, kept.pk]))
    assert refused.status_code == 409
    assert not Answer.objects.exists()


def test_a_conflict_is_settled_by_the_user(client, team):
    customs = membership_of(team, "customs")
    data = edit(workbook_of(team), "ART5-01", answer="Partly in place", notes="Offline")
    question = team["assessment"].framework.questions.get(code="ART5-01")
    save_position(
        membership=customs, question=question, value="in_place", reason="", notes="Online", legal_references=[],
        base_version=0,
    )  # fmt: skip
    client.force_login(team["customs"])
    url = _upload(client, team, data).url
    page = client.get(url).text
    assert 'data-status="conflict"' in page and "Offline" in page and "Online" in page
    kept = WorkbookUpload.objects.get()
    apply_url = reverse("workbooks:apply", args=[team["assessment"].pk, kept.pk])
    unresolved = client.post(apply_url)
    assert unresolved.status_code == 422 and "Choose which answer to keep." in unresolved.text
    client.post(apply_url, {"keep-ART5-01": "workbook", "seen-ART5-01": "1"})
    answer = Answer.objects.get()
    assert (answer.value, answer.notes, answer.version) == ("partly", "Offline", 2)


def test_a_hostile_file_is_refused_and_nothing_is_kept(client, team):
    client.force_login(team["customs"])
    response = _upload(client, team, b"%PDF-1.4 not a workbook")
    assert response.status_code == 422
    assert "This is not an Excel workbook (.xlsx)." in response.text and "Nothing was changed." in response.text
    assert not WorkbookUpload.objects.exists()


def test_observers_download_but_do_not_upload(client, team):
    client.force_login(team["observer"])
    assessment = team["assessment"]
    assert client.get(reverse("workbooks:download", args=[assessment.pk])).status_code == 200
    assert 'name="file"' not in client.get(reverse("workbooks:offline", args=[assessment.pk])).text
    assert _upload(client, team, workbook_of(team, "observer")).status_code == 403


def test_another_members_upload_is_not_found(client, team):
    client.force_login(team["customs"])
    _upload(client, team, edit(workbook_of(team), "ART5-01", answer="In place"))
    kept = WorkbookUpload.objects.get()
    client.force_login(team["licensing"])
    assert client.get(reverse("workbooks:preview", args=[team["assessment"].pk, kept.pk])).status_code == 404
    assert client.get(reverse("workbooks:upload_file", args=[team["assessment"].pk, kept.pk])).status_code == 404
    client.force_login(team["coordinator"])  # coordinators see every upload of the team
    assert client.get(reverse("workbooks:upload_file", args=[team["assessment"].pk, kept.pk])).status_code == 200


def test_wrong_methods_are_refused(client, team):
    client.force_login(team["customs"])
    assert client.get(reverse("workbooks:upload", args=[team["assessment"].pk])).status_code == 405
    assert client.post(reverse("workbooks:download", args=[team["assessment"].pk])).status_code == 405


def test_pages_need_a_sign_in(client, team):
    response = client.get(reverse("workbooks:offline", args=[team["assessment"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_offline_page_offers_coordinators_every_agency_of_the_state(client, team, framework):
    from tests.factories import make_team

    other = make_team(framework, country_code="FJ")
    client.force_login(team["coordinator"])
    page = client.get(reverse("workbooks:offline", args=[team["assessment"].pk])).text
    for who in ("customs", "licensing", "observer"):
        assert f'<option value="{membership_of(team, who).agency.pk}"' in page
    own = membership_of(team, "coordinator").agency.pk
    assert f'<option value="{own}" selected>' in page
    foreign = membership_of(other, "customs").agency.pk
    assert f'<option value="{foreign}"' not in page
    response = client.get(
        reverse("workbooks:download", args=[team["assessment"].pk]), {"sections": "all", "agency": foreign}
    )
    assert response.status_code == 400  # another state's agency: not a choice
    client.force_login(team["customs"])
    assert 'name="agency"' not in client.get(reverse("workbooks:offline", args=[team["assessment"].pk])).text


def test_an_upload_is_not_found_through_another_assessment(client, team, framework):
    from tests.factories import make_team

    client.force_login(team["customs"])
    _upload(client, team, edit(workbook_of(team), "ART5-01", answer="In place"))
    kept = WorkbookUpload.objects.get()
    other = make_team(framework, country_code="FJ")
    client.force_login(other["coordinator"])
    for name in ("workbooks:preview", "workbooks:upload_file"):
        assert client.get(reverse(name, args=[other["assessment"].pk, kept.pk])).status_code == 404
    assert client.post(reverse("workbooks:apply", args=[other["assessment"].pk, kept.pk])).status_code == 404
    assert not Answer.objects.exists()
