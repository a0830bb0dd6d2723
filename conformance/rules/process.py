"""The vendor as a process: it runs, polls, finishes its tasks, writes readable logs and stops when asked."""

from __future__ import annotations

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import seqs

STATUS_WORDS = {1: "PENDING", 2: "READY", 3: "PROCESSING", 6: "ERROR", 7: "ABORTED"}


@rule(
    "REACH-PROC-001",
    "MUST",
    "The vendor process does not crash: it runs until the harness stops it (exiting with status 0 is accepted).",
    "DESIGN.md (vendor under certification)",
)
def keeps_running(run: Run) -> Outcome:
    proc = run.process
    if proc.exit_code is None or proc.stopped_by_harness:
        return Outcome.passed("the vendor ran until the harness stopped it")
    if proc.exit_code == 0:
        return Outcome.passed(f"the vendor exited by itself with status 0 after {proc.seconds:.1f} s")
    tail = proc.stderr_tail.strip().splitlines()[-1:] or ["(no stderr)"]
    return Outcome.failed(f"the vendor exited with status {proc.exit_code} after {proc.seconds:.1f} s: {tail[0]}")


@rule(
    "REACH-PROC-002",
    "MUST",
    "The vendor polls entryVendorTask.getJobs for its tasks.",
    "seeds/003 'Listing REACH Vendor Tasks and their parameters'",
)
def polls(run: Run) -> Outcome:
    calls = run.calls("reach_entryvendortask", "getJobs")
    if calls:
        return Outcome.passed(f"{len(calls)} getJobs calls", seqs(calls, 3))
    return Outcome.failed(
        f"the vendor never called getJobs in {run.process.seconds:.1f} s ({len(run.journal)} requests)"
    )


@rule(
    "REACH-PROC-003",
    "MUST",
    "Every task the vendor can deliver reaches a final state (READY or ERROR) within the scenario's time limit.",
    "seeds/003 'Listing REACH Vendor Tasks' (status Processing, then output or Error)",
)
def tasks_finish(run: Run) -> Outcome:
    open_tasks = []
    for plan in run.tasks:
        if plan.expect == "aborted":
            continue
        final = run.final_task(plan.id)
        status = int(final["status"]) if final else None
        if status not in (2, 6):
            open_tasks.append(f"task {plan.id} ({plan.key}) is {STATUS_WORDS.get(status, status)}")
    if not open_tasks:
        return Outcome.passed("every task ended READY or ERROR")
    why = " (time limit reached)" if run.process.timed_out else ""
    return Outcome.failed("; ".join(open_tasks) + why)


@rule(
    "REACH-PROC-004",
    "SHOULD",
    "The vendor's output is readable text (logs), not binary data.",
    "DESIGN.md (vendor under certification)",
)
def readable_output(run: Run) -> Outcome:
    if run.process.output_binary:
        return Outcome.failed("the vendor wrote bytes that are not UTF-8 text or are control characters")
    return Outcome.passed("the vendor's output is text")


@rule(
    "REACH-PROC-005",
    "SHOULD",
    "The vendor exits within 5 s of SIGTERM, so a deployment can stop it cleanly.",
    "DESIGN.md (the harness stops the vendor's process group)",
)
def stops_on_sigterm(run: Run) -> Outcome:
    if not run.process.stopped_by_harness:
        return Outcome.not_applicable("the harness did not have to stop the vendor")
    if run.process.killed:
        return Outcome.failed("the vendor ignored SIGTERM for 5 s and was killed")
    return Outcome.passed("the vendor exited on SIGTERM")
