"""The `reachsim` command: one entry point, a sub-command per job. Each package registers its own."""

from __future__ import annotations

import argparse
import importlib
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator import serve_security
from simulator.seeding import SEEDS

# (module, what it adds): a module that cannot be imported leaves its sub-command out with a note.
SUBCOMMAND_MODULES = ("fixtures.cli", "vendor.ocr.cli", "vendor.cli", "conformance.cli")


class CliError(Exception):
    """A problem the user can fix: printed as one line, exit status 2."""


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (0-65535)")
    return value


def register_serve(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the Kaltura REACH simulator")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument("--port", type=port_number, default=8080, help="TCP port (0: any free port)")
    parser.add_argument("--db", type=Path, help="SQLite file to keep state in (default: a temporary file)")
    parser.add_argument("--seed", choices=SEEDS, default="demo", help="data to load into an empty database")
    parser.add_argument(
        "--lint", action="store_true", help="record REACH rule violations (not built yet: says so at start)"
    )
    parser.add_argument("--threads", type=int, default=8, help="request threads")
    serve_security.add_arguments(parser, port_number)
    parser.set_defaults(func=serve)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def serve(args: argparse.Namespace) -> int:
    from waitress import create_server

    from simulator.app import create_app
    from simulator.config import Config
    from simulator.https_listener import HttpsListener

    workdir = None
    if args.db is None:
        workdir = Path(tempfile.mkdtemp(prefix="reachsim-"))
        db_path, data_dir = workdir / "reachsim.sqlite", workdir / "data"
    else:
        db_path = args.db.resolve()
        if db_path.is_dir():
            raise CliError(f"--db {args.db} is a directory; give a file name")
        db_path.parent.mkdir(parents=True, exist_ok=True)
        data_dir = db_path.with_name(db_path.stem + "-data")
    config = Config(db_path=db_path, data_dir=data_dir, host=args.host, port=args.port, seed=args.seed, lint=args.lint)
    try:
        security = serve_security.prepare(args, config)
    except serve_security.SetupError as exc:
        raise CliError(str(exc)) from exc
    app = create_app(config)

    def listen(port: int, tls: bool) -> Any:
        try:
            if tls and security.certificate:
                return HttpsListener(app, args.host, port, security.certificate, threads=args.threads)
            return create_server(app, host=args.host, port=port, threads=args.threads)
        except OSError as exc:
            raise CliError(f"cannot listen on {args.host}:{port}: {exc.strerror or exc}") from exc

    server = listen(args.port, config.tls)
    config.port = int(server.effective_port)
    side = listen(security.https_port, True) if security.https_port is not None else None
    if side is not None:
        config.https_port = side.effective_port
    for line in serve_security.start_lines(security, config, args.host):
        print(line, flush=True)
    if side is not None:
        side.start()
    if args.lint:
        print(
            "reachsim: --lint records nothing yet: the REACH rule checks arrive with the certification harness",
            file=sys.stderr,
            flush=True,
        )
    # Closing the server from the handler would pull its sockets out from under the running select (EBADF);
    # unwinding run() lets the finally below close everything from outside the loop.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if side is not None:
            side.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reachsim", description="An offline twin of Kaltura REACH.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_serve(subparsers)
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"reachsim: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
