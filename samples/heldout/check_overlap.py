#!/usr/bin/env python3
"""Check that no N-character run (default 16) of a held-out notice also occurs in a real seed
notice (/work/shared/seeds) or in a sample notice (/work/main/samples/notices).

Both sides are NFKC-normalised and stripped of whitespace (and of HTML tags for .html files),
so full-width/ASCII punctuation differences do not hide a copied run. Exit status 1 on any hit.
Usage: python check_overlap.py [N]
"""
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFS = [HERE.parents[2] / "shared" / "seeds", HERE.parent / "notices"]
N = int(sys.argv[1]) if len(sys.argv) > 1 else 16


def load(p: Path) -> str:
    raw = p.read_bytes()
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            t = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        t = raw.decode("utf-8", errors="replace")
    if p.suffix == ".html" or "<html" in t[:500].lower():
        t = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", t)
        t = re.sub(r"<[^>]+>", "", t)
    t = unicodedata.normalize("NFKC", t)
    return re.sub(r"\s+", "", t)


def main() -> int:
    grams: dict[str, str] = {}
    nref = 0
    for d in REFS:
        if not d.is_dir():
            print(f"warning: {d} missing")
            continue
        for p in sorted(d.iterdir()):
            if p.is_file():
                nref += 1
                t = load(p)
                for i in range(len(t) - N + 1):
                    grams.setdefault(t[i:i + N], p.name)
    hits = 0
    files = sorted((HERE / "notices").glob("*.txt"))
    for p in files:
        t = load(p)
        for i in range(len(t) - N + 1):
            g = t[i:i + N]
            if g in grams:
                hits += 1
                print(f"HIT {p.name} @{i}: {g!r} (also in {grams[g]})")
    print(f"{len(files)} notices vs {nref} reference files, {N}-char runs shared: {hits}")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
