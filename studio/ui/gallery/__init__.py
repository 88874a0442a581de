"""Saved results: gallery grid and model, thumbnails, details panel, viewer, history search."""
