"""uploadToken end to end with the official client: whole and chunked uploads, and refusals that change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaUploadToken, KalturaUploadTokenFilter

from simulator.services.uploadtoken import base_name
from simulator.store import uploads


def admin_client(reachsim: Any, kaltura_client: Any) -> Any:
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(client.session.start(seed["adminSecret"], "", 2, seed["partnerId"]))
    return client


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def token_files(reachsim: Any, token_id: str) -> list[str]:
    return sorted(p.name for p in uploads.upload_dir(reachsim.config.data_dir).glob(f"{token_id}.*"))


def test_single_upload_keeps_the_base_name(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken())
    assert token.status.getValue() == 0
    with write(tmp_path, "ocr_result.json", b'{"a": 1}').open("rb") as handle:
        done = client.uploadToken.upload(token.id, handle)
    assert done.status.getValue() == 2
    assert done.uploadedFileSize == 8
    assert done.fileName == "ocr_result.json"  # the client sent the full local path
    assert uploads.data_path(reachsim.config.data_dir, token.id).read_bytes() == b'{"a": 1}'
    again = client.uploadToken.get(token.id)
    assert again.status.getValue() == 2


def test_chunked_upload_with_resume_at(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken(fileName="big.bin"))
    parts = [b"A" * 1000, b"B" * 700, b"C" * 300]
    offset = 0
    for index, part in enumerate(parts):
        with write(tmp_path, f"part{index}", part).open("rb") as handle:
            first, last = index == 0, index == len(parts) - 1
            result = client.uploadToken.upload(token.id, handle, not first, last, -1 if first else offset)
        offset += len(part)
        assert result.uploadedFileSize == offset
        assert result.status.getValue() == (2 if last else 1)
    assert uploads.data_path(reachsim.config.data_dir, token.id).read_bytes() == b"".join(parts)
    assert token_files(reachsim, token.id) == [f"{token.id}.data"]


def test_bytes_past_the_acknowledged_size_are_cut_before_the_next_chunk(
    reachsim: Any, kaltura_client: Any, tmp_path: Path
) -> None:
    """A server killed after writing a chunk but before saving its row leaves bytes no answer acknowledged (found by
    tests/test_crash_safety.py): the file ends where uploadedFileSize says, so an append lands there."""
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken(fileName="big.bin"))
    with write(tmp_path, "a", b"A" * 100).open("rb") as handle:
        client.uploadToken.upload(token.id, handle, False, False, -1)
    path = uploads.data_path(reachsim.config.data_dir, token.id)
    with path.open("ab") as out:
        out.write(b"half a chunk")  # what the killed request wrote
    with write(tmp_path, "b", b"B" * 50).open("rb") as handle:
        done = client.uploadToken.upload(token.id, handle, True, True, -1)
    assert done.uploadedFileSize == 150 and done.status.getValue() == 2
    assert path.read_bytes() == b"A" * 100 + b"B" * 50


def test_out_of_order_chunk_waits_for_its_offset(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken())
    with write(tmp_path, "a", b"1111").open("rb") as handle:
        client.uploadToken.upload(token.id, handle, False, False)
    with write(tmp_path, "c", b"3333").open("rb") as handle:
        parked = client.uploadToken.upload(token.id, handle, True, False, 8)
    assert parked.uploadedFileSize == 4
    with write(tmp_path, "b", b"2222").open("rb") as handle:
        merged = client.uploadToken.upload(token.id, handle, True, False, 4)
    assert merged.uploadedFileSize == 12
    with write(tmp_path, "d", b"").open("rb") as handle:
        done = client.uploadToken.upload(token.id, handle, True, True, -1)
    assert done.status.getValue() == 2
    assert uploads.data_path(reachsim.config.data_dir, token.id).read_bytes() == b"111122223333"


def test_final_chunk_at_a_wrong_offset_changes_nothing(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken())
    with write(tmp_path, "a", b"x" * 10).open("rb") as handle:
        client.uploadToken.upload(token.id, handle, False, False)
    before = token_files(reachsim, token.id)
    with write(tmp_path, "b", b"y" * 5).open("rb") as handle, pytest.raises(KalturaException) as failure:
        client.uploadToken.upload(token.id, handle, True, True, 20)
    assert failure.value.code == "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE"
    assert failure.value.message == "Failed to match expected file size"
    after = client.uploadToken.get(token.id)
    assert (after.status.getValue(), after.uploadedFileSize) == (1, 10)
    assert token_files(reachsim, token.id) == before
    assert uploads.data_path(reachsim.config.data_dir, token.id).read_bytes() == b"x" * 10


def test_resume_without_a_file_and_upload_after_completion(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken())
    with write(tmp_path, "a", b"data").open("rb") as handle, pytest.raises(KalturaException) as failure:
        client.uploadToken.upload(token.id, handle, True, True, -1)
    assert failure.value.code == "UPLOAD_TOKEN_CANNOT_RESUME"
    with write(tmp_path, "a", b"data").open("rb") as handle:
        client.uploadToken.upload(token.id, handle)
    with write(tmp_path, "a", b"more").open("rb") as handle, pytest.raises(KalturaException) as failure:
        client.uploadToken.upload(token.id, handle)
    assert failure.value.code == "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD"
    with pytest.raises(KalturaException) as failure:
        client.uploadToken.get("0_0000000000000000")
    assert (failure.value.code, failure.value.message) == ("UPLOAD_TOKEN_NOT_FOUND", "Upload token not found")


def test_oversized_upload_is_refused_and_leaves_no_bytes(reachsim: Any, kaltura_client: Any, tmp_path: Path) -> None:
    client = admin_client(reachsim, kaltura_client)
    token = client.uploadToken.add(KalturaUploadToken())
    reachsim.sim.config.upload_max_bytes = 1000
    try:
        with write(tmp_path, "big", b"z" * 1001).open("rb") as handle, pytest.raises(KalturaException) as failure:
            client.uploadToken.upload(token.id, handle)
    finally:
        reachsim.sim.config.upload_max_bytes = 2 * 1024**3
    assert (failure.value.code, failure.value.message) == ("UPLOAD_ERROR", "Upload failed")
    assert client.uploadToken.get(token.id).status.getValue() == 0
    assert token_files(reachsim, token.id) == []
    assert not list(uploads.upload_dir(reachsim.config.data_dir).glob(".incoming-*"))
    notes = [e["extra"] for e in reachsim.journal() if e["action"] == "upload"]
    assert "upload_max_bytes" in str(notes[-1])


def test_tokens_belong_to_their_user(reachsim: Any, kaltura_client: Any) -> None:
    seed = reachsim.seed()
    client = kaltura_client()
    alice = client.session.start(seed["adminSecret"], "alice", 0, seed["partnerId"])
    bob = client.session.start(seed["adminSecret"], "bob", 0, seed["partnerId"])
    client.setKs(alice)
    token = client.uploadToken.add(KalturaUploadToken())
    assert client.uploadToken.list(KalturaUploadTokenFilter()).totalCount == 1
    client.setKs(bob)
    with pytest.raises(KalturaException) as failure:
        client.uploadToken.get(token.id)
    assert failure.value.code == "UPLOAD_TOKEN_NOT_FOUND"
    assert client.uploadToken.list().totalCount == 0
    client.setKs(alice)
    client.uploadToken.delete(token.id)
    assert client.uploadToken.get(token.id).status.getValue() == 5


@given(st.text())
def test_base_name_never_keeps_a_directory(name: str) -> None:
    result = base_name(name)
    assert "/" not in result and "\\" not in result
    assert name.endswith(result)


def test_merge_plan_follows_the_servers_rules() -> None:
    chunk = uploads.Chunk
    plan = uploads.plan_merge(4, [chunk(8, 4, Path("c")), chunk(4, 4, Path("b"))])
    assert (plan.size, [c.offset for c in plan.applied], plan.parked) == (12, [4, 8], ())
    waiting = uploads.plan_merge(4, [chunk(10, 2, Path("x")), chunk(1, 2, Path("old"))])
    assert waiting.size == 4 and [c.offset for c in waiting.parked] == [10]
