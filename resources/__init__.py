"""Data shipped inside the package as `studio.resources_data`; load it through studio.resources."""
