"""Term glossaries: TSV files of English ⇄ Arabic names and terms, and finding them in text.

```python
glossary = load_glossaries([Path("glossaries/news.tsv")])   # later files win
matcher = TermMatcher(glossary)
for hit in matcher.find("وصل وفد طالبان إلى موسكو", "ar"):
    print(hit.start, hit.end, hit.text, hit.prefix, hit.entry.en, target_forms(hit.entry, "en"))
```

Modules: ``entry`` (the row), ``tsv`` (the file), ``combine`` (several files), ``edit``
(add/remove in place), ``normalize`` (folding with an offset map), ``clitics`` (Arabic
proclitics), ``matcher``, ``find``, ``check``, ``formats``/``tbx`` (CSV, TBX, OmegaT),
``consistency`` (names rendered differently within a document).
"""

from tarjama.glossary.check import Finding, check_glossaries
from tarjama.glossary.clitics import target_forms
from tarjama.glossary.combine import Glossary, load_glossaries
from tarjama.glossary.consistency import Inconsistency, inconsistent_names
from tarjama.glossary.edit import add_entry, remove_entries
from tarjama.glossary.entry import TYPES, GlossaryEntry
from tarjama.glossary.find import FoundTerm, find_terms
from tarjama.glossary.formats import ImportResult, export_glossary, import_glossary
from tarjama.glossary.matcher import TermHit, TermMatcher
from tarjama.glossary.normalize import fold, match_key

__all__ = [
    "TYPES",
    "Finding",
    "FoundTerm",
    "Glossary",
    "GlossaryEntry",
    "ImportResult",
    "Inconsistency",
    "TermHit",
    "TermMatcher",
    "add_entry",
    "check_glossaries",
    "export_glossary",
    "find_terms",
    "fold",
    "import_glossary",
    "inconsistent_names",
    "load_glossaries",
    "match_key",
    "remove_entries",
    "target_forms",
]
