"""Matrix entries for the national dashboard: read-only pages every signed-in reader sees."""

from .matrix import read_only

ENTRIES = {
    "dashboard:overview": read_only(params=("periode", "dato", "tall")),
    "dashboard:trends": read_only(params=("embete", "tall")),
    "dashboard:map": read_only(params=("periode", "dato", "status", "embete", "visning")),
    "dashboard:search": read_only(params=("q",)),
    "dashboard:drilldown": read_only(
        lambda ctx: {"key": "phase_3"}, params=("periode", "dato", "tall", "embete", "tilbake")
    ),
    "dashboard:drilldown-xlsx": read_only(lambda ctx: {"key": "phase_3"}, params=("periode", "dato", "tall", "embete")),
    "dashboard:status-xlsx": read_only(params=("periode", "dato")),
    "dashboard:ping": read_only(),
}
