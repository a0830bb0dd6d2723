"""`reachsim certify`: run a vendor command against the certification scenarios and write the reports."""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from pathlib import Path

from conformance import scenarios
from conformance.results import EXIT_HARNESS_ERROR, ScenarioResult

PROFILE_CHOICES = tuple(scenarios.PROFILES)


class CertifyUsageError(Exception):
    pass


def register(subparsers: argparse._SubParsersAction) -> None:
    from conformance import demo

    register_certify(subparsers)
    demo.register(subparsers)


def register_certify(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "certify",
        help="certify a REACH vendor: run it against scenarios, judge every rule, write JSON/JUnit/HTML reports",
    )
    parser.add_argument("--vendor-cmd", required=True, help="the vendor's command line (started once per scenario)")
    parser.add_argument("--report-dir", type=Path, default=Path("certify-report"), help="where the reports go")
    parser.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default="full",
        help="which scenarios to run: protocol, resilience (counted faults), full (both plus OCR quality; the "
        "default), services (every REACH service besides OCR)",
    )
    parser.add_argument(
        "--service",
        choices=sorted(scenarios.SERVICES),
        help="only the scenarios of one REACH service (captions, …) instead of a --profile",
    )
    parser.add_argument(
        "--scenario", nargs="+", metavar="NAME", help=f"only these scenarios (known: {', '.join(scenarios.names())})"
    )
    parser.add_argument("--timeout", type=seconds, help="seconds per scenario (default: each scenario's own)")
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve the simulator over HTTPS only (the vendor gets the CA in REQUESTS_CA_BUNDLE, SSL_CERT_FILE, "
        "NODE_EXTRA_CA_CERTS)",
    )
    parser.add_argument(
        "--seed", type=int, help="seed of the unseen OCR fixtures (default: a new one per run; the report names it)"
    )
    parser.add_argument(
        "--fixtures", type=int, metavar="N", help="how many unseen fixtures the quality scenario renders (default 8)"
    )
    parser.set_defaults(func=certify_command)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def check_inputs(vendor_cmd: str, report_dir: Path) -> None:
    try:
        words = shlex.split(vendor_cmd)
    except ValueError as exc:
        raise CertifyUsageError(f"--vendor-cmd cannot be split into words: {exc}") from exc
    if not words:
        raise CertifyUsageError("--vendor-cmd is empty")
    if report_dir.exists() and not report_dir.is_dir():
        raise CertifyUsageError(f"--report-dir {report_dir} is a file, not a directory")
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CertifyUsageError(f"--report-dir {report_dir} cannot be created: {exc.strerror or exc}") from exc


def chosen_scenarios(profile: str, only: list[str] | None, service: str | None = None) -> list[str]:
    names = list(scenarios.SERVICES[service] if service else scenarios.PROFILES[profile])
    if only:
        unknown = [n for n in only if n not in scenarios.names()]
        if unknown:
            raise CertifyUsageError(f"unknown scenario {unknown[0]!r} (known: {', '.join(scenarios.names())})")
        names = [n for n in only]
    return names


def _line(result: ScenarioResult) -> str:
    counts = result.counts()
    must = sum(1 for r in result.results if r.verdict == "fail" and r.severity == "MUST")
    status = "HARNESS ERROR" if result.harness_error else ("FAIL" if must else "ok")
    if status == "ok" and counts["fault_not_reached"]:
        status = "FAULT NOT REACHED"
    return (
        f"{result.scenario:32} {status:13} pass {counts['pass']:2}  fail {counts['fail']:2} ({must} MUST)  "
        f"n/a {counts['not_applicable']:2}  harness {counts['harness_error']:2}  {result.seconds:5.1f} s"
    )


def certify_command(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from conformance import report as reports
    from conformance.runner import Fixtures, certify

    try:
        check_inputs(args.vendor_cmd, args.report_dir)
        names = chosen_scenarios(args.profile, args.scenario, args.service)
    except CertifyUsageError as exc:
        print(f"reachsim: {exc}", file=sys.stderr)
        return 2
    if args.fixtures is not None and args.fixtures < 1:
        print("reachsim: --fixtures must be at least 1", file=sys.stderr)
        return 2
    progress = tqdm(total=len(names), desc="certify", unit="scenario", disable=not sys.stderr.isatty(), leave=False)

    def on_scenario(result: ScenarioResult) -> None:
        progress.update(1)
        progress.write(_line(result), file=sys.stdout)

    try:
        fixtures = Fixtures(
            args.seed if args.seed is not None else random.SystemRandom().randrange(2**31), args.fixtures
        )
        report = certify(
            args.vendor_cmd,
            names,
            args.report_dir,
            args.profile,
            on_scenario,
            args.timeout,
            fixtures,
            args.tls,
            on_start=progress.set_postfix_str,  # which scenario runs now: one may take a minute
        )
        paths = reports.write_all(report, args.report_dir)
    except Exception as exc:  # the vendor's faults are verdicts inside the report: anything raised here is ours
        print(
            f"reachsim certify: the harness itself failed, not the vendor: {type(exc).__name__}: {exc}", file=sys.stderr
        )
        return EXIT_HARNESS_ERROR
    finally:
        progress.close()
    status = report.exit_status()
    verdict = {
        0: "every MUST rule passed",
        1: f"{len(report.must_failures())} MUST verdicts failed",
        4: f"{len(report.faults_not_reached())} verdicts on faults the vendor never reached (nothing proven)",
    }.get(status, f"the harness broke in {len(report.harness_errors())} verdicts (not the vendor's fault)")
    if any(s.run and s.run.fixture_seed is not None for s in report.scenarios):
        print(f"reachsim certify: OCR fixtures from seed {fixtures.seed} (replay with --seed {fixtures.seed})")
    print(f"reachsim certify: {verdict}; reports: {paths['html']}, {paths['junit']}, {paths['json']}")
    return status
