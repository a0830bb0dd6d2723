"""Every example the README marks as runnable runs as written.

The convention: an HTML comment right before a fenced block marks it.

    <!-- test: run -->      a ```bash or ```python block, run against a live simulator
    <!-- test: pytest -->   a ```python block that is a pytest module (it uses the reachsim plugin itself)

The blocks of one document run in order against one simulator with the demo seed, reset once before the first, so
a tutorial's steps build on each other. Wherever a block says `http://127.0.0.1:8080` (where `reachsim serve`
listens by default) it gets the test server's URL. Blocks run in a directory that looks like a checkout (the
repository's top-level entries linked in), with this interpreter's `python` and `reachsim` first on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "docs/pytest-plugin.md")
README_URL = "http://127.0.0.1:8080"
BLOCK = re.compile(r"^<!--\s*test:\s*(run|pytest)\s*-->[ \t]*\n```(\w+)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
LANGUAGES = {"run": ("bash", "python"), "pytest": ("python",)}
BLOCK_TIMEOUT = 300


class ConventionError(ValueError):
    """A marked block the test cannot run (wrong language for its marker)."""


@dataclass(frozen=True)
class Block:
    line: int
    mode: str
    language: str
    code: str


def runnable_blocks(text: str) -> list[Block]:
    blocks = []
    for match in BLOCK.finditer(text):
        mode, language, code = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        if language not in LANGUAGES[mode]:
            raise ConventionError(f"line {line}: a `test: {mode}` block must be {' or '.join(LANGUAGES[mode])}")
        blocks.append(Block(line, mode, language, code))
    return blocks


def command_for(block: Block, workdir: Path) -> list[str]:
    if block.mode == "pytest":
        module = workdir / f"test_doc_block_{block.line}.py"
        module.write_text(block.code)
        return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)]
    if block.language == "python":
        return [sys.executable, "-c", block.code]
    return ["bash", "-euo", "pipefail", "-c", block.code]


def checkout_like(workdir: Path) -> None:
    for entry in ROOT.iterdir():
        if not entry.name.startswith(".") and not (workdir / entry.name).exists():
            (workdir / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())


# -- the convention ------------------------------------------------------------------------------------------


def test_marked_blocks_are_found_with_their_line_and_unmarked_ones_are_not() -> None:
    text = (
        "# t\n\n```bash\nnot me\n```\n<!-- test: run -->\n```bash\necho one\n```\n\n"
        "<!-- test: pytest -->\n```python\ndef test_x():\n    pass\n```\n"
    )
    assert runnable_blocks(text) == [
        Block(6, "run", "bash", "echo one\n"),
        Block(11, "pytest", "python", "def test_x():\n    pass\n"),
    ]


def test_a_marker_on_a_language_it_cannot_run_is_an_error() -> None:
    with pytest.raises(ConventionError, match="line 1: a `test: pytest` block must be python"):
        runnable_blocks("<!-- test: pytest -->\n```bash\necho\n```\n")


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="`\r", blacklist_categories=["Cs"]), max_size=40)))
def test_any_code_without_fences_comes_back_whole(lines: list[str]) -> None:
    code = "".join(f"{line}\n" for line in lines)
    text = f"intro\n<!-- test: run -->\n```bash\n{code}```\n"
    [block] = runnable_blocks(text)
    assert block.code == code


# -- the documents -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOCS)
def test_the_documents_follow_the_convention(doc: str) -> None:
    runnable_blocks((ROOT / doc).read_text())


@pytest.mark.parametrize("doc", DOCS)
def test_every_marked_block_runs_as_written(doc: str, reachsim: Any, tmp_path: Path) -> None:
    checkout_like(tmp_path)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
    }
    for block in runnable_blocks((ROOT / doc).read_text()):
        code = block.code.replace(README_URL, reachsim.url)
        done = subprocess.run(
            command_for(Block(block.line, block.mode, block.language, code), tmp_path),
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
        )
        assert done.returncode == 0, (
            f"{doc}:{block.line} exited {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
