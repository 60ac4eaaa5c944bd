"""Matrix entries for the national dashboard: read-only pages every signed-in reader sees."""

from .matrix import read_only

ENTRIES = {
    "dashboard:overview": read_only(),
    "dashboard:trends": read_only(),
    "dashboard:map": read_only(),
    "dashboard:search": read_only(),
    "dashboard:status-xlsx": read_only(),
    "dashboard:ping": read_only(),
}
