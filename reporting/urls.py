"""The `reporting` URL namespace: periods, figures and grant priority, in the order they always had. The reports,
packages and dashboard have namespaces of their own (reporting/<package>/urls.py)."""

from .figures.urls import urlpatterns as figure_patterns
from .grants.urls import urlpatterns as grant_patterns
from .periods.urls import urlpatterns as period_patterns

app_name = "reporting"

urlpatterns = [*period_patterns, *figure_patterns, *grant_patterns]
