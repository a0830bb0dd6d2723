"""Fetching the media: HLS first, http when the account has no HLS, the flavor the profile asks for, one flavor
per playManifest, and media really fetched for what is delivered."""

from __future__ import annotations

from typing import Any

from conformance.model import Outcome, Run, TaskPlan
from conformance.rules import rule
from conformance.rules._journal import final_seqs, for_task, is_media, request, seqs, task_of

DOWNLOAD = "seeds/003 'How to download video assets from Kaltura'"


def _contexts(run: Run, plan: TaskPlan) -> list[dict[str, Any]]:
    return [e for e in run.calls("baseentry", "getPlaybackContext") if task_of(run, e) == plan.id]


def _streamer(entry: dict[str, Any]) -> str:
    return str((request(entry).get("contextDataParams") or {}).get("streamerType") or "")


def fetched_flavors(entry: dict[str, Any]) -> list[str]:
    """The flavor ids a media request named (playManifest /flavorIds/, serveFlavor /flavorId/)."""
    extra = entry.get("extra") or {}
    if extra.get("flavorIds"):
        return [str(f) for f in extra["flavorIds"]]
    return [str(extra["flavorId"])] if extra.get("flavorId") else []


def preferred_flavor(plan: TaskPlan) -> dict[str, Any] | None:
    """The guide's choice: the first flavorParamsId of the profile that one of the entry's flavors has."""
    by_params = {int(f["flavorParamsId"]): f for f in plan.flavors}
    for wanted in (p.strip() for p in plan.flavor_params_ids.split(",")):
        if wanted.lstrip("-").isdigit() and int(wanted) in by_params:
            return by_params[int(wanted)]
    return None


@rule(
    "REACH-MEDIA-001",
    "SHOULD",
    "On an account with HLS the vendor asks getPlaybackContext for applehttp (HLS) first.",
    f"{DOWNLOAD} STEP 1 (contextDataParams[streamerType]=applehttp)",
)
def hls_first(run: Run) -> Outcome:
    firsts = [c[0] for plan in run.tasks if plan.hls and (c := _contexts(run, plan))]
    if not firsts:
        return Outcome.not_applicable("no getPlaybackContext on an HLS account")
    wrong = [e for e in firsts if _streamer(e) != "applehttp"]
    if wrong:
        return Outcome.failed(
            f"first context asked {_streamer(wrong[0]) or 'no streamer'!r}, not applehttp", seqs(wrong)
        )
    return Outcome.passed("HLS asked first", seqs(firsts))


@rule(
    "REACH-MEDIA-002",
    "MUST",
    "When the account has no HLS source the vendor asks again with streamerType http and fetches the MP4.",
    f"{DOWNLOAD} STEP 1 (issue the same request with contextDataParams[streamerType]=http)",
)
def http_fallback(run: Run) -> Outcome:
    plans = [p for p in run.tasks if not p.hls and p.expect == "ready"]
    if not plans:
        return Outcome.not_applicable("no task on an account without HLS")
    missing = []
    for plan in plans:
        asked_http = any(_streamer(e) == "http" for e in _contexts(run, plan))
        fetched = any(is_media(e) and e.get("http_status") in (200, 206) for e in for_task(run, plan.id))
        if not (asked_http and fetched):
            missing.append(plan)
    if missing:
        evidence = [e["seq"] for p in missing for e in _contexts(run, p)]
        return Outcome.failed(f"no http fallback for tasks {[p.id for p in missing]}", evidence)
    return Outcome.passed(f"{len(plans)} tasks fell back to http and fetched the file")


@rule(
    "REACH-MEDIA-003",
    "MUST",
    "The vendor fetches the flavor the profile's flavorParamsIds names first among the entry's flavors.",
    "seeds/003 'How to download video assets' (follow flavorParamsIds strictly, in its order)",
)
def flavor_preference(run: Run) -> Outcome:
    checked, wrong = 0, []
    for plan in run.tasks:
        wanted = preferred_flavor(plan)
        fetched = [e for e in for_task(run, plan.id) if is_media(e) and fetched_flavors(e)]
        if wanted is None or not fetched:
            continue
        checked += 1
        wrong += [e for e in fetched if fetched_flavors(e) != [str(wanted["id"])]]
    if not checked:
        return Outcome.not_applicable("no media fetched for a task whose profile names flavorParamsIds")
    if wrong:
        return Outcome.failed(
            f"{len(wrong)} media requests for another flavor than the preferred one "
            f"(first: {fetched_flavors(wrong[0])})",
            seqs(wrong),
        )
    return Outcome.passed(f"{checked} tasks fetched their preferred flavor")


@rule(
    "REACH-MEDIA-004",
    "MUST",
    "A playManifest request names exactly one flavor in /flavorIds/.",
    f"{DOWNLOAD} STEP 2 (the /flavorIds/ in the URL contain only the flavor ID you wish to fetch)",
)
def one_flavor_per_manifest(run: Run) -> Outcome:
    manifests = [e for e in run.journal if is_media(e) and e.get("service") == "playManifest"]
    if not manifests:
        return Outcome.not_applicable("no playManifest requests")
    wrong = [e for e in manifests if len((e.get("extra") or {}).get("flavorIds") or [None]) != 1]
    if wrong:
        return Outcome.failed(f"{len(wrong)} playManifest requests for several flavors", seqs(wrong))
    return Outcome.passed(f"{len(manifests)} playManifest requests for one flavor", seqs(manifests, 3))


@rule(
    "REACH-MEDIA-005",
    "MUST",
    "The vendor fetches the media of every task it delivers READY (but a translation from source captions, which "
    "reads the captions, and a live caption task, whose stream Kaltura relays).",
    f"{DOWNLOAD}; seeds/003 'Translations' (with requireSource the vendor retrieves the source captions file)",
)
def media_fetched(run: Run) -> Outcome:
    ready = [p for p in run.tasks if (f := run.final_task(p.id)) and int(f["status"]) == 2 and p.needs_media()]
    if not ready:
        return Outcome.not_applicable("no READY task that needs the media")
    missing = [
        p.id
        for p in ready
        if not any(
            is_media(e) and e.get("http_status") in (200, 206) and (e.get("extra") or {}).get("bytes", 0) > 0
            for e in for_task(run, p.id)
            if e.get("service") == "serveFlavor"
        )
    ]
    if missing:
        return Outcome.failed(f"READY without any media fetched: tasks {missing}", final_seqs(run, missing))
    return Outcome.passed(f"{len(ready)} READY tasks fetched their media")


@rule(
    "REACH-MEDIA-006",
    "SHOULD",
    "No media request of the vendor is refused (HTTP 4xx/5xx).",
    DOWNLOAD,
)
def media_not_refused(run: Run) -> Outcome:
    media = [e for e in run.journal if is_media(e)]
    if not media:
        return Outcome.not_applicable("no media requests")
    # Refused with a key the simulator could no longer read: an expired key, REACH-TIME-002's matter.
    refused = [e for e in media if int(e.get("http_status") or 0) >= 400 and e.get("ks_type") is not None]
    if refused:
        return Outcome.failed(f"{len(refused)} media requests refused ({refused[0].get('result')})", seqs(refused))
    return Outcome.passed(f"{len(media)} media requests served")
