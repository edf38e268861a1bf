"""The review round trip: read a reviewed export, update the run's outputs, feed the memory."""

from tarjama.review.apply import Conflict, ReviewReport, apply_review
from tarjama.review.formats import ReviewedFile, ReviewedUnit, read_reviewed
from tarjama.review.rebuild import load_document, run_stem

__all__ = [
    "Conflict",
    "ReviewReport",
    "ReviewedFile",
    "ReviewedUnit",
    "apply_review",
    "load_document",
    "read_reviewed",
    "run_stem",
]
