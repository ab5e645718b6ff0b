"""``python -m skg.native build|status|clean``: the mypyc build of the extractor (see :mod:`graph.native`)."""

from __future__ import annotations

import sys

from graph import native


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verb = args[0] if args else "status"
    if verb == "build":
        print(native.build(force="--force" in args))
        return 0
    if verb == "clean":
        print(f"removed {native.clean()} built files")
        return 0
    if verb == "status":
        name, why = native.state()
        print(f"{name}: {why}")
        return 0
    print(native.__doc__.split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
