"""The vendor keeps its OCR engines between tasks: one `pipeline.Runner` per process, never one per task."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from fixtures import synthclip
from vendor import insight, worker
from vendor.client import Client, Credentials
from vendor.ocr import pipeline


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return synthclip.render(synthclip.slides_clip(duration=3.0), tmp_path_factory.mktemp("clips"))[0]


def vendor() -> worker.Vendor:
    return worker.Vendor(Client(Credentials("http://127.0.0.1:9", 2002, "acme", secret="s")), ocr_mode="fast")


def test_one_worker_reads_every_task_with_the_same_runner(clip):
    v = vendor()
    runner = v.ocr
    first = v.run_ocr(clip, ["eng"])
    second = v.run_ocr(clip, ["eng"])
    assert v.ocr is runner and runner.runs == 2
    assert first["ocr"] and [i["text"] for i in first["ocr"]] == [i["text"] for i in second["ocr"]]
    v.close()


def test_pool_processes_keep_their_runner_across_tasks(clip):
    v = vendor()
    v.ocr_pool = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=pipeline.init_process
    )
    try:
        docs = [v.run_ocr(clip, ["eng"]) for _ in range(2)]
        kept = v.ocr_pool.submit(worker.process_ocr).result()  # a copy of the pool process's own runner
        assert kept.runs == 2 and kept.workers == 1
        assert docs[0]["ocr"] and docs[0]["ocr"] == docs[1]["ocr"]
    finally:
        v.close()
    assert v.ocr_pool is None


def test_the_task_document_is_shaped_in_one_place():
    doc = {"schema": insight.SCHEMA_ID, "video": {}, "engine": {}, "ocr": [{"id": 1, "text": "x"}]}
    out = insight.for_task(doc, "0_e", "7", "en-US")
    assert list(out)[:3] == ["schema", "entryId", "taskId"]
    assert out["ocr"] == [{"id": 1, "text": "x", "language": "en-US"}]
    assert "language" not in doc["ocr"][0]  # the engine's document is left as it was
