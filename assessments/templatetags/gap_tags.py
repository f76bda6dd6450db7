from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.734 -> "73%" (formatted for the active language); no value -> an em dash."""
    if value is None:
        return "—"
    return f"{number_format(round(100 * value), decimal_pos=0)}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def section_title(report, code: str) -> str:
    return report.section_title(code)
