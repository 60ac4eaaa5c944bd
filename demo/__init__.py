"""Fictional demo users and content (`manage.py seed_demo`). It builds content for every app, so it sits above
them all; no app imports it."""
