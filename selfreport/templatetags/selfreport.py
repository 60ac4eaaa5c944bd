from django import template

register = template.Library()


@register.filter
def getitem(form, name: str):
    """A form's bound field by name (`form|getitem:"decision-value"`)."""
    return form[name]


@register.filter
def percent(share: float | None) -> str:
    """0.667 → «67 %» (Norwegian style, a non-breaking space); None → «–»."""
    if share is None:
        return "–"
    return f"{round(share * 100)}\u00a0%"
