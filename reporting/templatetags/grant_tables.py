"""`{% grant_table_body rows show_office can_confirm query %}`: the grant table's rows (reporting.grants.table)."""

from django import template
from django.utils.safestring import SafeString

from reporting.grants.table import grant_table_body as render_body

register = template.Library()


@register.simple_tag
def grant_table_body(rows, show_office=False, can_confirm=False, query="") -> SafeString:
    return render_body(list(rows), show_office=bool(show_office), can_confirm=bool(can_confirm), query=query or "")
