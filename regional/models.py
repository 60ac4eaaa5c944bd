"""The office's own reform work: implementation plan, events, prize nominations, status meetings."""
