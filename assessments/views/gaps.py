from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts
from ..access import membership_or_404
from ..gaps import GapReport, build_report
from ..scoring import article_number
from ..stamps import team_data_stamp


def _charts(report: GapReport) -> dict[str, str]:
    sections = [(code, score) for code, score in report.analysis.by_section.items()]
    agencies = [
        (
            agency.acronym or agency.name,
            agency.name,
            [getattr(report.by_agency_section.get((agency.pk, code)), "readiness", None) for code, _score in sections],
        )
        for agency in report.agencies
    ]
    return {
        "sections": charts.readiness_bars(
            chart_id="readiness-by-section",
            title=_("Readiness by section"),
            description=_("Weighted readiness of each section, in percent; the table below gives the numbers."),
            rows=[(code, score.readiness, score.low_coverage) for code, score in sections],
        ),
        "agencies": charts.agency_section_dots(
            chart_id="agencies-by-section",
            title=_("Each agency's view, by section"),
            description=_("Readiness computed from each agency's own answers; bigger dots mean higher readiness."),
            sections=[code for code, _score in sections],
            agencies=agencies,
        ),
    }


def _gap_page(report: GapReport, agency_id: str, section_code: str) -> dict:
    listed = report.analysis.gaps
    if agency_id.isdecimal():  # compared as text: int() refuses more than 4,300 digits
        listed = [gap for gap in listed if any(str(a.pk) == agency_id for a in report.owners[gap.question.id])]
    if section_code:
        listed = [gap for gap in listed if gap.question.section == section_code]
    return {
        "report": report,
        "gaps": [(gap, report.questions[gap.question.id], report.owners[gap.question.id]) for gap in listed],
        "charts": _charts(report),
        "sections": [(report.section_title(code), code, score) for code, score in report.analysis.by_section.items()],
    }


@login_required
@require_GET
def gaps(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    filters = {"agency": request.GET.get("agency", ""), "section": request.GET.get("section", "")}
    context = {
        "assessment": assessment,
        "membership": membership,
        "filters": filters,
        # Built only when the page is not in the cache under this stamp (see the template's cache block).
        "stamp": team_data_stamp(assessment),
        "page": SimpleLazyObject(lambda: _gap_page(build_report(assessment), filters["agency"], filters["section"])),
    }
    return render(request, "assessments/gaps.html", context)


@login_required
@require_GET
def explain(request, pk):
    """The answers behind one number of the gap analysis."""
    membership = membership_or_404(request, pk)
    report = build_report(membership.assessment)
    section, article = request.GET.get("section"), request.GET.get("article")
    if section:
        score, heading = report.analysis.by_section.get(section), report.section_title(section)
    elif article:
        try:
            score = report.analysis.by_article.get(article_number(article))
        except ValueError:  # not an article number, or more digits than int() reads: the 404 below
            score = None
        heading = _("Article %(number)s") % {"number": article}
    else:
        score, heading = report.analysis.overall, _("Overall readiness")
    if score is None:
        raise Http404("No such section or article in this assessment.")
    rows = [(report.questions[qid], report.effective[qid]) for qid in score.question_ids]
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "score": score,
        "heading": heading,
        "rows": rows,
    }
    return render(request, "assessments/explain.html", context)
