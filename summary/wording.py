"""How the summary's words read inside a sentence.

A period's name is written as a heading would have it («Våren 2021»); inside a sentence Norwegian writes a
season in lower case («innsendt for våren 2021», «fra våren 2021 til høsten 2021»). Only a name that starts
with a season is changed: any other name the directorate gave a period is kept as written.
"""

from __future__ import annotations

SEASONS = frozenset({"våren", "sommeren", "høsten", "vinteren", "vår", "sommer", "høst", "vinter", "hausten", "haust"})


def period_in_sentence(name: str) -> str:
    """The period's name as written inside a sentence: «Våren 2021» → «våren 2021»."""
    first = name.split(" ", 1)[0]
    if first.lower() in SEASONS:
        return first.lower() + name[len(first) :]
    return name
