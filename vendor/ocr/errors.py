"""Errors the OCR command reports as one line (never a traceback)."""


class OCRError(Exception):
    """A video that cannot be read, an empty video, or a language that is not installed."""
