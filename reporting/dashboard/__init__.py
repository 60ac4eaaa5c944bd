"""The national dashboard: the offices side by side, trends across periods, the map, search and the national
status workbook."""
