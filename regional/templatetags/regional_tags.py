"""The navigation link to the regional view: one template line in base.html, and no query."""

from django import template

from .. import navigation

register = template.Library()


@register.inclusion_tag("regional/_nav_item.html", takes_context=True)
def regional_nav_item(context):
    request = context.get("request")
    return {"shown": navigation.shown(request), "active": bool(request and request.path.startswith("/regional/"))}
