"""The `reachsim` command: one entry point, a sub-command per job. Each package registers its own."""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from simulator import serve_security
from simulator.seeds import SEEDS

# (module, what it adds): a module that cannot be imported leaves its sub-command out with a note.
SUBCOMMAND_MODULES = ("fixtures.cli", "vendor.ocr.cli", "vendor.cli", "conformance.cli")
LINT_MODULE = "conformance.lint"  # `serve --lint`: the journal follower that checks the REACH rules live


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
    parser.add_argument("--seed", choices=list(SEEDS), default="demo", help="data to load into an empty database")
    parser.add_argument(
        "--lint", action="store_true", help="check REACH rules live: violations in the log and at /__sim__/violations"
    )
    parser.add_argument("--threads", type=int, default=8, help="request threads")
    serve_security.add_arguments(parser, port_number)
    parser.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    from simulator.live import LiveServer
    from simulator.store.db import SchemaError

    db_path = None
    if args.db is not None:
        db_path = args.db.resolve()
        if db_path.is_dir():
            raise CliError(f"--db {args.db} is a directory; give a file name")
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        security = serve_security.prepare(args)
    except serve_security.SetupError as exc:
        raise CliError(str(exc)) from exc
    # SIGTERM and Ctrl-C both mean "stop": the handler only asks; the server stops on this thread, exit 0. The
    # handlers go in before the URL is printed, so a caller that signals as soon as it has read the URL is heard.
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server = LiveServer(
        seed=args.seed,
        host=args.host,
        port=args.port,
        threads=args.threads,
        db_path=db_path,
        lint=args.lint,
        listen=security.listen,
        https_port=security.https_port or 0,
        certificate=security.certificate,
        backdoor_token=security.token,
        media_dirs=security.media_dirs,
    )
    try:
        server.start()
    except SchemaError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        ports = f"{args.port}" if security.https_port is None else f"{args.port} or {security.https_port}"
        raise CliError(f"cannot listen on {args.host}:{ports}: {exc.strerror or exc}") from exc
    for line in serve_security.start_lines(security, server.config, args.host):
        print(line, flush=True)
    follower = None
    if args.lint:
        # The follower is loaded by name like the sub-commands: it lives in conformance/ and reads the server over
        # HTTP like any client, so the simulator package never imports a rule.
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        follower = (
            importlib.import_module(LINT_MODULE)
            .Follower(
                server.url, token=server.config.backdoor_token, verify=str(server.ca_path) if server.ca_path else True
            )
            .start()
        )
        print(f"reachsim: --lint checks REACH rules live; violations at {server.url}/__sim__/violations", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        if follower is not None:
            follower.stop()
        server.stop()
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
