"""Reading notices and turning them into graphs."""

import graph  # noqa: F401  (installs graph.native's guard before the compiled extractor can load)
