"""Change detection on grey thumbnails: which cells of the picture changed, and how far a crop moved."""

from __future__ import annotations

import numpy as np

CELL = 8  # thumbnail pixels per change-detection cell side
PIXEL_DELTA = 18  # grey levels: film grain stays below, text edges go far above
CELL_FRACTION = 0.02  # share of a cell's pixels that must change for the cell to count as changed


def changed_cells(thumb: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Boolean grid of CELL x CELL cells where enough pixels moved by more than PIXEL_DELTA."""
    moved = np.abs(thumb.astype(np.int16) - ref.astype(np.int16)) > PIXEL_DELTA
    th, tw = moved.shape
    rows, cols = -(-th // CELL), -(-tw // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), bool)
    padded[:th, :tw] = moved
    return padded.reshape(rows, CELL, cols, CELL).mean(axis=(1, 3)) > CELL_FRACTION


def mad(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute grey difference of two equal crops (0 for empty ones)."""
    return float(np.mean(np.abs(a.astype(np.int16) - b.astype(np.int16)))) if a.size else 0.0
