"""The navigation link to the regional view: one template line in base.html, and no query."""

from django import template

from .. import navigation
from ..report import cell_text

register = template.Library()


@register.inclusion_tag("regional/_nav_item.html", takes_context=True)
def regional_nav_item(context):
    request = context.get("request")
    return {"shown": navigation.shown(request), "active": bool(request and request.path.startswith("/regional/"))}


@register.filter
def readiness(cell) -> str:
    """A cell's readiness as shown: "73%" from five states, "30–40%" (its band) from three or four."""
    return cell_text(cell)
