"""Shared by every room: engine contract and bridge, plain labels, palette, messages, banners."""
