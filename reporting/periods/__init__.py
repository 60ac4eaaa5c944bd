"""Reporting periods: the directorate's list of what the offices report, as of which date, by which deadline."""
