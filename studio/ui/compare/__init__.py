"""Comparing providers side by side in the window: Compare… and the compare view (#19)."""
