"""Image Studio's benchmark suite: what users feel, each figure a ratio against a baseline
measured in the same run. Not tests: CI does not run them. ``python -m bench``."""
