"""The simulator's media layer: probe, flavors, HLS packaging and delivery URLs.

Pure, framework-free modules; the Flask services and delivery routes call them. Everything that runs
ffmpeg happens at ingest time (`make_flavors`, `segment_flavor`); serving playlists and segments later
only reads the JSON manifest and files written then.
"""

from simulator.media.errors import MediaError

__all__ = ["MediaError"]
