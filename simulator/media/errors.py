"""Errors raised by the media layer."""


class MediaError(Exception):
    """A media file could not be read or produced; the message is one line, fit for a log or an API error."""
