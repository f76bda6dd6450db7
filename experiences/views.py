from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import services
from .forms import LibraryFilterForm
from .models import Experience

PER_PAGE = 25


@login_required
@require_GET
def library(request):
    """The library of state experiences: public facts, so any signed-in user reads all of it."""
    form = LibraryFilterForm(request.GET)
    entries = services.search_library(**form.filters())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "experiences/library.html", {"form": form, "page": page, "count": len(entries)})


@login_required
@require_GET
def detail(request, experience_id):
    experience = get_object_or_404(
        Experience.objects.visible_to(request.user).select_related("country").prefetch_related("sources"),
        pk=experience_id,
    )
    context = {
        "experience": experience,
        "questions": services.linked_questions(experience),
        "actions": services.linked_actions(experience),
    }
    return render(request, "experiences/detail.html", context)
