"""simulator.redaction: what the journal keeps of a URL never holds the credential in it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.redaction import redact_url

# KS characters (base64url, plus the percent-encoded forms Kaltura's URLs carry), long enough to be a real secret.
_secret = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%=+", min_size=16)


def test_examples() -> None:
    assert redact_url("/p/1/sp/100/playManifest/entryId/0_e/ks/djJ8MTAw/name/a.m3u8") == (
        "/p/1/sp/100/playManifest/entryId/0_e/ks/*/name/a.m3u8"
    )
    assert redact_url("https://u:pw@h.test/a?x=1&ks=abc&secret=s#f") == "https://*@h.test/a?x=1&ks=*&secret=*#f"
    assert redact_url("https://h.test/plain/path") == "https://h.test/plain/path"


@given(_secret, st.sampled_from(["/ks/{}", "/ks/{}/name/a.mp4", "?ks={}", "?a=1&token={}&b=2", "?Secret={}"]))
def test_the_secret_never_survives(secret: str, shape: str) -> None:
    assert secret not in redact_url("http://127.0.0.1:8080/p/1/sp/100/serveFlavor/entryId/0_e" + shape.format(secret))


@given(_secret)
def test_user_info_never_survives(secret: str) -> None:
    assert secret not in redact_url(f"https://vendor:{secret}@example.test/file.json")
