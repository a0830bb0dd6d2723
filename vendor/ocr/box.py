"""Axis-aligned boxes in video pixels, and the two ways the engine compares them."""

from __future__ import annotations

from typing import NamedTuple


class Box(NamedTuple):
    left: int
    top: int
    width: int
    height: int

    def _intersection(self, other: tuple[int, int, int, int]) -> int:
        ox, oy, ow, oh = other
        iw = min(self.left + self.width, ox + ow) - max(self.left, ox)
        ih = min(self.top + self.height, oy + oh) - max(self.top, oy)
        return iw * ih if iw > 0 and ih > 0 else 0

    def iou(self, other: tuple[int, int, int, int]) -> float:
        """Intersection over union: are these the same box?"""
        inter = self._intersection(other)
        if not inter:
            return 0.0
        return inter / (self.width * self.height + other[2] * other[3] - inter)

    def overlap(self, other: tuple[int, int, int, int]) -> float:
        """Intersection over the smaller box: does one box (mostly) hold the other?"""
        inter = self._intersection(other)
        if not inter:
            return 0.0
        return inter / max(min(self.width * self.height, other[2] * other[3]), 1)

    def union(self, other: tuple[int, int, int, int]) -> Box:
        """The smallest box holding both."""
        ox, oy, ow, oh = other
        x0, y0 = min(self.left, ox), min(self.top, oy)
        x1, y1 = max(self.left + self.width, ox + ow), max(self.top + self.height, oy + oh)
        return Box(x0, y0, x1 - x0, y1 - y0)
