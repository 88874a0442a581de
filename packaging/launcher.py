"""The frozen bundle's entry point: runs the `image-studio` command (PyInstaller needs a script)."""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
