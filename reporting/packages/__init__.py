"""Report packages: the workbook of an office's report (live or as submitted) and the national one, built as
jobs and offered for download."""
