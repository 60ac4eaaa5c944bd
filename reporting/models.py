"""Reporting periods, figures, office reports and report jobs (filled in by the reporting issues)."""
