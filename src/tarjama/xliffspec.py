"""XLIFF's names: the namespaces of XLIFF 2.x and 1.2 and of ``xml:``, shared by the
bilingual export, the review reader and the XLIFF input format."""

from __future__ import annotations

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: ``xml:space`` and ``xml:lang`` in lxml's ``{namespace}name`` spelling
XML_SPACE = f"{{{XML_NS}}}space"
XML_LANG = f"{{{XML_NS}}}lang"
#: XLIFF 1.2 (state, state-qualifier) of a target a model wrote, for review: what the
#: bilingual export marks a machine translation with, and the CAT-tool input fills in
MACHINE_TRANSLATION_12 = ("needs-review-translation", "leveraged-mt")
