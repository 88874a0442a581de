"""The settings dialog and the window's language."""
