"""Build english_words.txt.gz from Debian's scowl package (2020.12.07): levels 10, 20, 35, 40.

apt-get install scowl && .venv/bin/python src/tarjama/langid/data/build_english_words.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

SCOWL = Path("/usr/share/dict/scowl")
LEVELS = (10, 20, 35, 40)
KINDS = ("words", "contractions", "upper", "abbreviations")
VARIETIES = ("english", "american", "british", "british_z", "canadian", "variant_1")
OUT = Path(__file__).with_name("english_words.txt.gz")


def main() -> None:
    level_of: dict[str, int] = {}
    for level in LEVELS:  # commonest first: a word keeps its lowest level
        for kind in KINDS:
            for variety in VARIETIES:
                path = SCOWL / f"{variety}-{kind}.{level}"
                if not path.exists():
                    continue
                for word in path.read_text("utf-8", errors="ignore").split():
                    for piece in word.lower().removesuffix("'s").split("'"):
                        if piece.isalpha() and len(piece) >= 2:
                            level_of.setdefault(piece, level)
    lines = []
    for level in LEVELS:
        lines.append(f"# {level}")
        lines += sorted(word for word, at in level_of.items() if at == level)
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))


if __name__ == "__main__":
    main()
