"""`reachsim ocr VIDEO [-o OUT] [--format ...] [--lang eng] [--fast|--accurate]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vendor import exporters
from vendor.ocr.errors import OCRError
from vendor.ocr.pipeline import run


def register(subparsers) -> None:
    """Add the `ocr` sub-command to an argparse subparsers object."""
    p = subparsers.add_parser(
        "ocr",
        help="OCR a local video file into timed, located on-screen text",
        description="OCR a local video file into timed, located on-screen text.",
    )
    p.add_argument("video", help="a video file ffmpeg can read")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument(
        "--format",
        choices=exporters.FORMATS,
        default="reachsim",
        help="reachsim insight JSON, Azure Video Indexer ocr, Twelve Labs text-in-video, or WebVTT",
    )
    p.add_argument(
        "--lang",
        action="append",
        dest="langs",
        metavar="LANG",
        help="language: catalog name, BCP-47 tag or Tesseract pack (repeatable; default eng)",
    )
    speed = p.add_mutually_exclusive_group()
    speed.add_argument("--fast", dest="mode", action="store_const", const="fast", help="Tesseract only")
    speed.add_argument("--accurate", dest="mode", action="store_const", const="accurate", help="RapidOCR only")
    p.set_defaults(func=handle, mode="default")


def handle(args: argparse.Namespace) -> int:
    bar = None
    try:
        if sys.stderr.isatty():
            from tqdm import tqdm

            from vendor.ocr.decode import probe

            bar = tqdm(total=probe(Path(args.video)).frames, unit="frame", desc="ocr", leave=False)
        doc = run(args.video, languages=args.langs or ["eng"], mode=args.mode, progress=bar.update if bar else None)
    except OCRError as exc:
        print(f"reachsim ocr: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    text = exporters.export(doc, args.format)
    if args.output:
        Path(args.output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the sub-command alone (python -m vendor.ocr.cli), as the `reachsim` script would."""
    parser = argparse.ArgumentParser(prog="reachsim")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
