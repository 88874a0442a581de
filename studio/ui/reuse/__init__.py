"""Reusing the prompt and settings an image file carries."""
