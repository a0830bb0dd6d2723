"""`reachsim vendor`: the reference OCR vendor against a Kaltura (or reachsim) service URL."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import Any

from vendor.client import Client, Credentials, KalturaError, TransportError
from vendor.ocr.engines import MODES
from vendor.worker import STEPS, Options, Runner, Task, Vendor, configure_logging, install_sigterm, log

ENV = {
    "service_url": "REACH_SERVICE_URL",
    "partner_id": "REACH_VENDOR_PARTNER_ID",
    "secret": "REACH_VENDOR_SECRET",
    "app_token_id": "REACH_APP_TOKEN_ID",
    "app_token": "REACH_APP_TOKEN",
    "vendor_name": "REACH_VENDOR_NAME",
}

DESCRIPTION = "The reference REACH OCR vendor: takes this vendor's PENDING tasks and delivers OCR insights."
EPILOG = """\
environment (each flag's default):
  REACH_SERVICE_URL        --service-url
  REACH_VENDOR_PARTNER_ID  --partner-id
  REACH_VENDOR_SECRET      --secret        (the vendor partner's admin secret)
  REACH_APP_TOKEN_ID       --app-token-id  (an app token is used when both id and token are set)
  REACH_APP_TOKEN          --app-token
  REACH_VENDOR_NAME        --vendor-name   (in every clientTag)

flavor: the reach profile's flavorParamsIds in their order; otherwise the smallest video flavor at least 480
lines tall, or the tallest when none is. Logs: one key=value line per task step on stderr (task, partner, entry,
step, duration, outcome); on a terminal also a progress line per task, none when stderr is not a terminal.
exit status: 0 when the vendor ran (tasks that failed end in ERROR on the server), 2 when it could not start
(missing or refused credentials, unreachable service), 1 when --once could not poll.
"""


class UsageError(Exception):
    pass


def shard_spec(text: str) -> tuple[int, int]:
    k, sep, n = text.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and int(n) > 0 and int(k) < int(n)):
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N with 0 <= K < N")
    return int(k), int(n)


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def register(subparsers: Any) -> None:
    """Add the `vendor` sub-command to an argparse subparsers object."""
    p = subparsers.add_parser(
        "vendor",
        help="run the reference OCR vendor (polls getJobs, delivers OCR insights)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(p)
    p.set_defaults(func=handle)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--service-url", help="Kaltura service URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--partner-id", help="the vendor partner id")
    p.add_argument("--secret", help="the vendor partner's admin secret")
    p.add_argument("--app-token-id", help="app token id (instead of the secret)")
    p.add_argument("--app-token", help="app token value")
    p.add_argument("--vendor-name", help="vendor name used in clientTags (default: reachsimocr)")
    p.add_argument("--workers", type=positive_int, default=1, help="tasks processed at once, one poller (default 1)")
    p.add_argument("--shard", type=shard_spec, help="K/N: take only tasks whose id modulo N is K (several hosts)")
    p.add_argument("--once", action="store_true", help="process what is pending, then exit")
    p.add_argument("--poll-interval", type=positive_float, default=5.0, help="seconds between getJobs (default 5)")
    p.add_argument("--ocr-mode", choices=MODES, default="default", help="OCR engines (default: default)")


def credentials(args: argparse.Namespace, env: dict[str, str]) -> Credentials:
    values = {key: getattr(args, key) or env.get(var) or None for key, var in ENV.items()}
    if not values["service_url"]:
        raise UsageError("no service URL: give --service-url or REACH_SERVICE_URL")
    raw_id = values["partner_id"]
    if not raw_id or not str(raw_id).isdigit():
        raise UsageError("no vendor partner id: give --partner-id or REACH_VENDOR_PARTNER_ID (a number)")
    has_token = bool(values["app_token_id"] and values["app_token"])
    if not has_token and not values["secret"]:
        raise UsageError("no credentials: give --secret (REACH_VENDOR_SECRET) or --app-token-id and --app-token")
    return Credentials(
        service_url=values["service_url"],
        partner_id=int(raw_id),
        vendor_name=values["vendor_name"] or "reachsimocr",
        secret=None if has_token else values["secret"],
        app_token_id=values["app_token_id"] if has_token else None,
        app_token=values["app_token"] if has_token else None,
    )


def handle(args: argparse.Namespace, vendor_class: type[Vendor] = Vendor, client_class: type[Client] = Client) -> int:
    try:
        creds = credentials(args, dict(os.environ))
    except UsageError as exc:
        print(f"reachsim vendor: {exc}", file=sys.stderr)
        return 2
    configure_logging()
    stopping = threading.Event()
    install_sigterm(stopping)
    vendor = vendor_class(client_class(creds), ocr_mode=args.ocr_mode, stopping=stopping)
    try:
        vendor.client.vendor_ks()
    except KalturaError as exc:
        print(f"reachsim vendor: the service refused the vendor's credentials: {exc}", file=sys.stderr)
        return 2
    except TransportError as exc:
        print(f"reachsim vendor: cannot reach {creds.service_url}: {exc}", file=sys.stderr)
        return 2
    options = Options(workers=args.workers, shard=args.shard, once=args.once, poll_interval=args.poll_interval)
    if not sys.stderr.isatty():
        return Runner(vendor, options).run()
    from tqdm.contrib.logging import logging_redirect_tqdm

    vendor.on_step = TaskProgress()
    with logging_redirect_tqdm(loggers=[log]):
        return Runner(vendor, options).run()


class TaskProgress:
    """On a terminal: one progress line per task, advancing step by step (the log lines print above them)."""

    def __init__(self) -> None:
        self._bars: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __call__(self, task: Task, step: str) -> None:
        from tqdm import tqdm

        with self._lock:
            bar = self._bars.get(task.id)
            if bar is None:
                bar = tqdm(total=len(STEPS), desc=f"task {task.id} ({task.entry_id})", unit="step", leave=True)
                self._bars[task.id] = bar
            if step == "done":
                bar.close()
                del self._bars[task.id]
                return
            bar.set_postfix_str(step, refresh=False)
            bar.update(1)


def main(
    argv: list[str] | None = None, vendor_class: type[Vendor] = Vendor, client_class: type[Client] = Client
) -> int:
    """`reachsim vendor` as a program of its own: `python -m vendor.cli [flags]`, or a variant's script that passes
    its own Vendor (or Client) subclass."""
    parser = argparse.ArgumentParser(
        prog="reachsim-vendor",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return handle(parser.parse_args(argv), vendor_class, client_class)


if __name__ == "__main__":
    sys.exit(main())
