"""Views of the office's own work, one module per kind of record."""
