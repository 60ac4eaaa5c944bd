"""Helpers every app may use: command-line conventions, the safe workbook writer, upload checks, error pages,
HTTP and form helpers, the append-only base model and the latest-row query. It imports no app of the project."""
