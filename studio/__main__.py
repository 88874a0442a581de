"""`python -m studio` runs the `image-studio` command."""

import sys

from studio.cli import main

sys.exit(main())
