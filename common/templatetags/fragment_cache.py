"""`{% cached_fragment key %}…{% endcached_fragment %}`: the enclosed part of a page rendered once per key and
then served from the shared cache (common.cache.cache_get_or_compute: single flight, fail-soft).

The view builds the key from everything the part depends on (data version, dates, filters, language, the
reader's office where it is highlighted) and never from the reader alone; an empty key renders without the
cache. Pair it with lazy values in the context, so that a cached part computes nothing.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from common.cache import cache_get_or_compute

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        return mark_safe(cache_get_or_compute(f"fragment:{key}", lambda: str(self.nodelist.render(context))))


@register.tag
def cached_fragment(parser: template.base.Parser, token: template.base.Token) -> CachedFragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument: the cache key")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
