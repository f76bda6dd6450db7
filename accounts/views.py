from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ProfileForm
from .models import SecurityEvent
from .security import log_event


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def sign_out_everywhere(request):
    """End every other session of this user (other browsers, a forgotten computer); keep this one."""
    user = request.user
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    update_session_auth_hash(request, user)
    log_event(SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE, request=request, user=user)
    messages.success(request, _("You are signed out everywhere else."))
    return redirect("accounts:profile")
