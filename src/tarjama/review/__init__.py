"""The review round trip: read a reviewed export, update the run's outputs, feed the memory."""

from tarjama.review.alignrun import AlignRun, read_align_run, write_align_outputs
from tarjama.review.apply import Conflict, ReviewReport, apply_review
from tarjama.review.formats import ReviewedFile, ReviewedUnit, read_reviewed
from tarjama.review.rebuild import load_document, run_stem
from tarjama.review.runs import load_run

__all__ = [
    "AlignRun",
    "Conflict",
    "ReviewReport",
    "ReviewedFile",
    "ReviewedUnit",
    "apply_review",
    "load_document",
    "load_run",
    "read_align_run",
    "read_reviewed",
    "run_stem",
    "write_align_outputs",
]
