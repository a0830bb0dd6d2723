"""`reachsim serve`'s HTTPS and back-door options: the flags, what they set in the Config, and the lines that say
at start which mode the server is in."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator import backdoor_guard, tls
from simulator.config import Config


class SetupError(Exception):
    """A flag combination or file that cannot work: one line for the CLI."""


@dataclass
class Security:
    certificate: tls.ServerCertificate | None  # None: plain HTTP only
    https_port: int | None  # HTTPS beside HTTP; None with a certificate: `--port` itself speaks HTTPS
    token: str | None  # the back-door token; None: the back door is open
    token_source: str  # "open", "env" or "generated"
    media_dirs: list[Path]

    @property
    def listen(self) -> str:
        """The LiveServer listen mode these flags ask for."""
        if self.certificate is None:
            return "http"
        return "https" if self.https_port is None else "http+https"


def add_arguments(parser: argparse.ArgumentParser, port_type: Callable[[str], int]) -> None:
    parser.add_argument("--tls", action="store_true", help="serve HTTPS (with a certificate from reachsim's local CA)")
    parser.add_argument(
        "--https-port", type=port_type, help="serve HTTPS on this port beside plain HTTP on --port (implies --tls)"
    )
    parser.add_argument("--cert", type=Path, help="PEM certificate (chain) to serve HTTPS with, instead of the CA's")
    parser.add_argument("--key", type=Path, help="PEM private key of --cert")
    parser.add_argument(
        "--tls-dir", type=Path, help=f"where the local CA is kept (default: ${tls.TLS_DIR_ENV} or the user cache)"
    )
    parser.add_argument(
        "--media-dir",
        type=Path,
        action="append",
        default=[],
        help="a directory /__sim__/ingest may read files from (repeatable; required for ingest on non-loopback binds)",
    )


def prepare(args: argparse.Namespace) -> Security:
    """Check the flags, make or load the certificate, and pick the back-door token."""
    if (args.cert is None) != (args.key is None):
        raise SetupError("--cert and --key go together")
    wants_tls = bool(args.tls or args.https_port is not None or args.cert)
    if args.https_port is not None and args.https_port == args.port and args.port != 0:
        raise SetupError("--https-port must differ from --port")
    for directory in args.media_dir:
        if not directory.is_dir():
            raise SetupError(f"--media-dir {directory} is not a directory")
    token, source = backdoor_guard.token_for_bind(args.host)
    certificate = None
    if wants_tls:
        try:
            if args.cert:
                certificate = tls.user_certificate(args.cert, args.key)
            else:
                certificate = tls.local_certificate(args.host, args.tls_dir)
        except tls.TlsError as exc:
            raise SetupError(str(exc)) from exc
    return Security(certificate, args.https_port, token, source, [d.resolve() for d in args.media_dir])


def start_lines(security: Security, config: Config, host: str) -> list[str]:
    """What `serve` prints once it listens: URLs, how to trust the CA, and the back door's mode."""
    lines = []
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    for scheme, port in config.listeners.items():
        lines.append(f"reachsim serving Kaltura API v3 at {scheme}://{shown}:{port}  (bound to {host})")
    cert = security.certificate
    if cert is not None and cert.ca is not None:
        lines.append(tls.trust_instructions(cert.ca))
    elif cert is not None:
        lines.append(f"reachsim: HTTPS with your certificate {cert.cert}")
    if security.token_source == "open":
        lines.append("reachsim: back door /__sim__/ open (loopback bind: only this machine reaches it)")
    else:
        origin = f"from ${backdoor_guard.TOKEN_ENV}" if security.token_source == "env" else "made for this run"
        lines.append(f"reachsim: back door /__sim__/ needs a token ({origin}): send Authorization: Bearer <token>")
        if security.token_source == "generated":
            lines.append(f"reachsim: back-door token: {config.backdoor_token}")
    if config.media_dirs:
        lines.append("reachsim: /__sim__/ingest reads files under: " + ", ".join(map(str, config.media_dirs)))
    elif security.token_source != "open":
        lines.append("reachsim: /__sim__/ingest is off: give --media-dir DIR to allow files under DIR")
    return lines
