"""``python -m bench``: run the suite, print one table and write bench/RESULTS.md."""

import sys

from bench.run import main

sys.exit(main())
