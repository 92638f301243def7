"""Widgets and renderables of the study app."""
