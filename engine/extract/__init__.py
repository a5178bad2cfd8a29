"""Partial case files from the text of a 行政处罚决定书 (.txt, .docx, text-layer .pdf).

Every value records the paragraph and character span it came from; what the text does not state is
left out (unknown in the open world), never filled in as absent or guessed."""

from .build import Extraction, extract

__all__ = ["Extraction", "extract"]
