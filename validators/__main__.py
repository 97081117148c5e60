"""`python -m validators` runs the CLI."""

from __future__ import annotations

import sys

from validators.cli import main

sys.exit(main())
