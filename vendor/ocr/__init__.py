"""Video OCR: frames -> timed, located on-screen text (sampling, change detection, engines, tracking).

Library entry point: `run(video_path, languages=["eng"], mode="default", progress=None) -> dict`.
"""

from vendor.ocr.errors import OCRError
from vendor.ocr.pipeline import run, run_with_stats

__all__ = ["OCRError", "run", "run_with_stats"]
