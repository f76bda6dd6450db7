from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def change(value) -> str:
    """A comparison line's change in percentage points: "+12 points", "−3 points", "no change", or an em dash
    when one side has no measure (a change from or to "unknown" is not a number)."""
    points = value.points
    if points is None:
        return "—"
    if points == 0:
        return _("no change")
    sign = "+" if points > 0 else "−"  # a real minus sign, which screen readers say as "minus"
    return ngettext("%(sign)s%(points)s point", "%(sign)s%(points)s points", abs(points)) % {
        "sign": sign,
        "points": number_format(abs(points), decimal_pos=0),
    }
