"""The dashboard's large tables, written in Python (reporting.dashboard.tables):
`{% overview_rows data office_query %}`, `{% overview_total_row data %}`, `{% priority_rows data %}` and
`{% trend_rows chart highlight %}`."""

from django import template
from django.utils.safestring import SafeString

from reporting.dashboard import tables

register = template.Library()


@register.simple_tag
def overview_rows(data, office_query="") -> SafeString:
    return tables.overview_rows(data, office_query=office_query or "")


@register.simple_tag
def overview_total_row(data) -> SafeString:
    return tables.overview_total_row(data)


@register.simple_tag
def priority_rows(data) -> SafeString:
    return tables.priority_rows(data)


@register.simple_tag
def trend_rows(chart, highlight=None) -> SafeString:
    trend = chart["trend"]
    return tables.trend_rows(trend.offices, trend.national, highlight=highlight or None)
