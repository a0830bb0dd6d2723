"""``reachsim fixtures`` as a sub-command: listing, rendering into --out, and one-line errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from fixtures import catalog, cli, fonts


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="reachsim")
    cli.register(parser.add_subparsers(required=True))
    args = parser.parse_args(["fixtures", *argv])
    return args.func(args)


def test_list_names_every_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--list", "--group", "all"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == catalog.names("all")


def test_unknown_fixture_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--only", "no-such-fixture"]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        "reachsim fixtures: unknown fixture 'no-such-fixture'; see `reachsim fixtures --list`"
    ]
    assert "Traceback" not in captured.err


def test_only_renders_into_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REACHSIM_CACHE_DIR", str(session_cache))
    assert _run(["--only", "tiny-notext", "--only", "tiny-slide", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tiny-notext.mp4",
        "tiny-notext.truth.json",
        "tiny-slide.mp4",
        "tiny-slide.truth.json",
    ]
    assert "tiny-slide" in capsys.readouterr().out


def test_missing_font_skips_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REACHSIM_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(fonts._FONTS, "cjk-ja", (tmp_path / "absent.ttc", 0))
    fonts.load.cache_clear()
    try:
        assert _run(["--only", "cjk-short"]) == 0
    finally:
        fonts.load.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("skipped cjk-short:") and "fonts-noto-cjk" in err
    assert not (tmp_path / "fixtures").exists()
