from django import template

register = template.Library()


@register.filter
def tr(node, field: str) -> str:
    """``{{ question|tr:"text" }}``: the field in the active language, else English."""
    return node.translated(field) if node is not None else ""


@register.filter
def option_label(options, value: str) -> str:
    """The label of a scale option, from a list of options, by its value."""
    for option in options:
        if option.value == value:
            return option.translated("label")
    return value or ""
