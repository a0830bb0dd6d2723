"""Video OCR: frames -> timed, located on-screen text (sampling, change detection, engines, tracking).

Library entry point: `run(video_path, languages=["eng"], mode="default", progress=None) -> dict`; a process that
OCRs many videos keeps a `Runner` open so worker processes and loaded engines serve every call.
"""

from vendor.ocr.errors import OCRError
from vendor.ocr.pipeline import Runner, run, run_with_stats, warm

__all__ = ["OCRError", "Runner", "run", "run_with_stats", "warm"]
