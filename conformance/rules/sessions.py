"""Which KS each call used: the vendor's ADMIN KS for the job calls, the task's access key for everything about
the task's entry, and that key only for its own entry."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run
from conformance.rules import rule
from conformance.rules._journal import (
    is_access_key,
    is_deliverable_call,
    is_media,
    is_vendor_admin,
    named_entry,
    ok,
    request,
    seqs,
)


def _vendor_admin_only(run: Run, action: str) -> Outcome:
    calls = run.calls("reach_entryvendortask", action)
    if not calls:
        return Outcome.not_applicable(f"no {action} calls")
    wrong = [e for e in calls if not is_vendor_admin(run, e)]
    if wrong:
        return Outcome.failed(
            f"{len(wrong)} of {len(calls)} {action} calls did not use the vendor partner's ADMIN KS", seqs(wrong)
        )
    return Outcome.passed(f"all {len(calls)} {action} calls used the vendor ADMIN KS", seqs(calls, 3))


def _access_key_only(run: Run, label: str, entries: list[dict[str, Any]]) -> Outcome:
    if not entries:
        return Outcome.not_applicable(f"no {label}")
    wrong = [e for e in entries if not is_access_key(e)]
    if wrong:
        return Outcome.failed(f"{len(wrong)} of {len(entries)} {label} did not use the task's access key", seqs(wrong))
    return Outcome.passed(f"all {len(entries)} {label} used an access key", seqs(entries, 3))


@rule(
    "REACH-AUTH-001",
    "MUST",
    "getJobs is called with the vendor partner's ADMIN KS.",
    "seeds/003 'Listing REACH Vendor Tasks' (KS from the vendor PID's admin secret or app token)",
)
def get_jobs_vendor_ks(run: Run) -> Outcome:
    return _vendor_admin_only(run, "getJobs")


@rule(
    "REACH-AUTH-002",
    "MUST",
    "updateJob is called with the vendor partner's ADMIN KS.",
    "ref §2.5 (getJobs/updateJob/extendAccessKey use the vendor's own KS)",
)
def update_job_vendor_ks(run: Run) -> Outcome:
    return _vendor_admin_only(run, "updateJob")


@rule(
    "REACH-AUTH-003",
    "MUST",
    "extendAccessKey is called with the vendor partner's ADMIN KS.",
    "seeds/003 'Extend accessKey Expiration' (must be called with the Vendor KS)",
)
def extend_vendor_ks(run: Run) -> Outcome:
    return _vendor_admin_only(run, "extendAccessKey")


@rule(
    "REACH-AUTH-004",
    "MUST",
    "entryVendorTask.get is called with the task's access key.",
    "seeds/003 'Listing REACH Vendor Tasks' (for each task call, use the access key as the KS)",
)
def get_with_access_key(run: Run) -> Outcome:
    return _access_key_only(run, "entryVendorTask.get calls", run.calls("reach_entryvendortask", "get"))


@rule(
    "REACH-AUTH-005",
    "MUST",
    "baseEntry.getPlaybackContext is called with the task's access key.",
    "seeds/003 'How to download video assets' STEP 1 (the KS field is set with the access key); DESIGN.md",
)
def playback_with_access_key(run: Run) -> Outcome:
    return _access_key_only(run, "getPlaybackContext calls", run.calls("baseentry", "getPlaybackContext"))


@rule(
    "REACH-AUTH-006",
    "MUST",
    "Media requests (playManifest, playlists, segments, flavor downloads) carry the task's access key.",
    "seeds/003 'How to download video assets' STEP 2 (concatenate the task's accessKey)",
)
def media_with_access_key(run: Run) -> Outcome:
    # A fetch refused with a key the simulator could not read (expired) still used the key: REACH-TIME-002's case.
    media = [e for e in run.journal if is_media(e) and (ok(e) or e.get("ks_type") is not None)]
    return _access_key_only(run, "media requests", media)


@rule(
    "REACH-AUTH-007",
    "MUST",
    "Deliverable calls (uploads, assets, audio flavors, cue points, entry tags) use the task's access key.",
    "ref §2.5 (the key is used for uploading deliverables)",
)
def deliverables_with_access_key(run: Run) -> Outcome:
    calls = [e for e in run.journal if e.get("kind") == "api" and is_deliverable_call(e)]
    return _access_key_only(run, "deliverable calls", calls)


@rule(
    "REACH-AUTH-008",
    "MUST",
    "An access key is used only for its own task's entry.",
    "ref §2.5 (privileges name one entry); DESIGN.md (access-key scope)",
)
def key_stays_on_its_entry(run: Run) -> Outcome:
    keyed = [e for e in run.journal if is_access_key(e) and e.get("task_id") is not None]
    wrong = []
    for entry in keyed:
        plan = run.task(int(entry["task_id"]))
        named = named_entry(entry)
        if plan is not None and named is not None and named != plan.entry_id:
            wrong.append(entry)
    if not keyed:
        return Outcome.not_applicable("no access-key calls")
    if wrong:
        return Outcome.failed(f"{len(wrong)} access-key requests named another entry", seqs(wrong))
    return Outcome.passed(f"{len(keyed)} access-key requests all stayed on their entry")


@rule(
    "REACH-AUTH-009",
    "SHOULD",
    "entryVendorTask.get asks for the reach_vendor response profile.",
    "seeds/003 'Listing REACH Vendor Tasks' (add responseProfile[systemName]=reach_vendor)",
)
def get_with_profile(run: Run) -> Outcome:
    calls = run.calls("reach_entryvendortask", "get")
    if not calls:
        return Outcome.not_applicable("no entryVendorTask.get calls")
    wrong = [e for e in calls if (request(e).get("responseProfile") or {}).get("systemName") != "reach_vendor"]
    if wrong:
        return Outcome.failed(f"{len(wrong)} get calls without responseProfile[systemName]=reach_vendor", seqs(wrong))
    return Outcome.passed("every get asked for the reach_vendor profile", seqs(calls, 3))


@rule(
    "REACH-AUTH-010",
    "SHOULD",
    "The vendor reuses its KS: a new vendor session only at start and after the old one was refused.",
    "seeds/003 'Listing REACH Vendor Tasks' (the KS does not need to be generated for each call)",
)
def reuses_session(run: Run) -> Outcome:
    starts = [
        e
        for e in run.journal
        if (e.get("service"), e.get("action")) in {("session", "start"), ("apptoken", "startSession")} and ok(e)
    ]
    refused = [e for e in run.journal if is_vendor_admin(run, e) and e.get("result") == "INVALID_KS"]
    allowed = 2 + len(refused)  # a widget session before an app-token session counts as part of the start
    if len(starts) > allowed:
        return Outcome.failed(f"{len(starts)} new sessions for {len(refused)} refused ones", seqs(starts))
    return Outcome.passed(f"{len(starts)} session starts", seqs(starts))
