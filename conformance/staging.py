"""Putting a scenario into a running simulator the way a customer would: back door for what no customer API can do
(reset, profile fields, corrupt media, the clock), the real API with the customer's ADMIN KS for orders and aborts.

Every API call here carries HARNESS_TAG, so the runner can tell the harness's calls from the vendor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from conformance.model import TaskPlan
from conformance.scenarios import Scenario, SourceCaption

HARNESS_TAG = "reachsim-certify"
ADMIN = "2"
PROCESSING, SCHEDULED = 3, 9
TRIGGER_STATUS = {"processing": PROCESSING, "scheduled": SCHEDULED}
ALIGNMENT = 3  # KalturaVendorServiceFeature
TRANSCRIPT_TXT = b"Hello and welcome. This is reachsim.\n"
SOURCE_SRT = (
    b"1\n00:00:00,500 --> 00:00:02,000\nHello and welcome.\n\n2\n00:00:02,500 --> 00:00:04,000\nThis is reachsim.\n"
)


class StagingError(RuntimeError):
    """The simulator refused the scenario's set-up: a harness problem, never the vendor's."""


@dataclass
class Staged:
    seed: dict[str, Any]
    plans: list[TaskPlan]
    admin_ks: dict[int, str]  # customer partner id -> ADMIN KS, for the script's aborts


class Stager:
    def __init__(self, url: str, ca: Path | str | None = None) -> None:
        self.url = url.rstrip("/")
        self.ca = str(ca) if ca else None
        self.http = requests.Session()
        if self.ca:
            # requests lets REQUESTS_CA_BUNDLE from the environment win over a session's own `verify`.
            self.http.trust_env = False
            self.http.verify = self.ca

    def close(self) -> None:
        self.http.close()

    def backdoor(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, f"{self.url}/__sim__/{path}", json=payload, timeout=120)
        if response.status_code != 200:
            raise StagingError(f"{method} /__sim__/{path} answered {response.status_code}: {response.text[:300]}")
        return response.json()

    def api(self, service: str, action: str, ks: str = "", **fields: Any) -> Any:
        data = {"format": "1", "clientTag": HARNESS_TAG, **({"ks": ks} if ks else {}), **fields}
        answer = self.http.post(f"{self.url}/api_v3/service/{service}/action/{action}", data=data, timeout=60).json()
        if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
            raise StagingError(f"{service}.{action}: {answer.get('code')} {answer.get('message')}")
        return answer

    def last_seq(self) -> int:
        last = 0
        while True:
            page = self.backdoor("GET", f"journal?since={last}&limit=10000")
            if not page["entries"]:
                return last
            last = int(page["last"])

    def account(self, seed: dict[str, Any], key: str) -> tuple[int, str, list[str]]:
        if key == "customer":
            return int(seed["partnerId"]), seed["adminSecret"], list(seed["entryIds"])
        acct = seed["accounts"][key]
        return int(acct["partnerId"]), acct["adminSecret"], [acct["entryId"]]

    def stage(self, scenario: Scenario) -> Staged:
        self.backdoor("POST", "reset")
        seed = self.backdoor("GET", "seed")
        used = {t.account for t in scenario.tasks}
        profiles = [
            {"partnerId": self.account(seed, key)[0], "fields": scenario.profiles.get(key, {})}
            for key in sorted(used | set(scenario.profiles))
        ]
        corrupt = []
        for key, index in scenario.corrupt:
            corrupt.append(self.account(seed, key)[2][index])
        languages = [
            {"entryId": self.account(seed, m.account)[2][m.entry], "language": m.language}
            for m in scenario.media_languages
        ]
        live = [
            {"partnerId": self.account(seed, t.account)[0], "name": f"Live {t.key}"} for t in scenario.tasks if t.live
        ]
        loaded = self.backdoor(
            "POST",
            "scenario",
            {"profiles": profiles, "corruptEntries": corrupt, "mediaLanguages": languages, "liveEntries": live},
        )
        live_entries = iter(loaded["liveEntryIds"])
        admin_ks: dict[int, str] = {}
        source_captions: dict[str, list[str]] = {}
        for caption in scenario.captions:
            partner_id, secret, entry_ids = self.account(seed, caption.account)
            ks = self.admin(admin_ks, partner_id, secret)
            entry_id = entry_ids[caption.entry]
            source_captions.setdefault(entry_id, []).append(self.add_caption(ks, entry_id, caption))
        transcripts: dict[str, list[str]] = {}
        for transcript in scenario.transcripts:
            partner_id, secret, entry_ids = self.account(seed, transcript.account)
            ks = self.admin(admin_ks, partner_id, secret)
            entry_id = entry_ids[transcript.entry]
            transcripts.setdefault(entry_id, []).append(self.add_transcript(ks, entry_id, transcript))
        declared = {lang["entryId"]: lang["language"] for lang in languages}
        plans = []
        for spec in scenario.tasks:
            partner_id, secret, entry_ids = self.account(seed, spec.account)
            ks = self.admin(admin_ks, partner_id, secret)
            entry_id = next(live_entries) if spec.live else entry_ids[spec.entry]
            if spec.live:
                self.plan_live_event(ks, entry_id, spec.live)
            item = self.api("reach_vendorcatalogitem", "get", ks, id=seed["catalogItemIds"][spec.item])
            job_data = {}
            if int(item.get("serviceFeature") or 0) == ALIGNMENT and transcripts.get(entry_id):
                job_data = {
                    "entryVendorTask[taskJobData][objectType]": "KalturaAlignmentVendorTaskData",
                    "entryVendorTask[taskJobData][textTranscriptAssetId]": transcripts[entry_id][0],
                }
            profile_id = loaded["reachProfileIds"][str(partner_id)]
            profile = self.api("reach_reachprofile", "get", ks, id=profile_id)
            # The entry's own flavor assets, the source included: what flavorParamsIds are matched against.
            flavors = self.api(
                "flavorasset",
                "list",
                ks,
                **{"filter[objectType]": "KalturaFlavorAssetFilter", "filter[entryIdEqual]": entry_id},
            )
            settings = self.backdoor("GET", f"partners/{partner_id}")["settings"]
            task = self.api(
                "reach_entryvendortask",
                "add",
                ks,
                **{
                    "entryVendorTask[entryId]": entry_id,
                    "entryVendorTask[catalogItemId]": seed["catalogItemIds"][spec.item],
                    "entryVendorTask[reachProfileId]": profile_id,
                    **job_data,
                },
            )
            entry = self.api("baseentry", "get", ks, entryId=entry_id)
            plans.append(
                TaskPlan(
                    key=spec.key,
                    id=int(task["id"]),
                    entry_id=entry_id,
                    partner_id=partner_id,
                    catalog_item_id=int(task["catalogItemId"]),
                    expect=spec.expect,
                    turnaround_seconds=int(task.get("turnAroundTime") or 0),
                    created_at=float(task["createdAt"]),
                    flavor_params_ids=str(profile.get("flavorParamsIds") or ""),
                    metadata_extraction=bool(profile.get("enableMetadataExtraction")),
                    hls=bool(settings.get("hlsEnabled", True)),
                    flavors=[
                        {"id": f["id"], "flavorParamsId": int(f["flavorParamsId"])} for f in flavors.get("objects", [])
                    ],
                    item=spec.item,
                    catalog=item,
                    source_captions=source_captions.get(entry_id, []),
                    entry_ms_duration=int(entry.get("msDuration") or 0),
                    transcripts=transcripts.get(entry_id, []),
                    media_language=declared.get(entry_id, ""),
                )
            )
        by_key = {p.key: p for p in plans}
        triggers = [
            {"taskId": by_key[step.task].id, "status": TRIGGER_STATUS[step.when], "advance": step.seconds}
            for step in scenario.script
            if step.when in TRIGGER_STATUS
        ]
        if triggers:
            self.backdoor("POST", "scenario", {"clockTriggers": triggers})
        return Staged(seed, plans, admin_ks)

    def admin(self, admin_ks: dict[int, str], partner_id: int, secret: str) -> str:
        if partner_id not in admin_ks:
            admin_ks[partner_id] = self.api("session", "start", secret=secret, partnerId=partner_id, type=ADMIN)
        return admin_ks[partner_id]

    def add_caption(self, ks: str, entry_id: str, caption: SourceCaption) -> str:
        """The customer's own SRT captions on the entry, as a translation from source captions needs them."""
        token = self.upload(ks, "source.srt", SOURCE_SRT, "application/x-subrip")
        fields = {"format": "1", "fileExt": "srt", "language": caption.language, "label": caption.language}
        fields |= {"accuracy": str(caption.accuracy), "isDefault": "1"}
        asset = self.api(
            "caption_captionasset", "add", ks, entryId=entry_id, **{f"captionAsset[{k}]": v for k, v in fields.items()}
        )
        self.api(
            "caption_captionasset",
            "setContent",
            ks,
            id=asset["id"],
            **{
                "contentResource[objectType]": "KalturaUploadedFileTokenResource",
                "contentResource[token]": token,
            },
        )
        return str(asset["id"])

    def add_transcript(self, ks: str, entry_id: str, transcript: SourceCaption) -> str:
        """The customer's own text transcript (a KalturaTranscriptAsset of format TEXT), what alignment times."""
        token = self.upload(ks, "transcript.txt", TRANSCRIPT_TXT)
        fields = {"objectType": "KalturaTranscriptAsset", "format": "1", "fileExt": "txt", "title": "Transcript"}
        fields |= {"language": transcript.language, "accuracy": str(transcript.accuracy)}
        asset = self.api(
            "attachment_attachmentasset",
            "add",
            ks,
            entryId=entry_id,
            **{f"attachmentAsset[{k}]": v for k, v in fields.items()},
        )
        self.api(
            "attachment_attachmentasset",
            "setContent",
            ks,
            id=asset["id"],
            **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token},
        )
        return str(asset["id"])

    def plan_live_event(self, ks: str, entry_id: str, live: dict[str, int]) -> None:
        """The customer's live stream event on the live entry, `startsIn` seconds from now on the virtual clock."""
        now = int(self.api("system", "getTime"))
        start = now + live["startsIn"]
        self.api(
            "schedule_scheduleevent",
            "add",
            ks,
            **{
                "scheduleEvent[objectType]": "KalturaLiveStreamScheduleEvent",
                "scheduleEvent[summary]": "reachsim certification live event",
                "scheduleEvent[templateEntryId]": entry_id,
                "scheduleEvent[startDate]": start,
                "scheduleEvent[endDate]": start + live["lasts"],
            },
        )

    def upload(self, ks: str, name: str, data: bytes, content_type: str = "text/plain") -> str:
        """A file uploaded as the customer would, in one chunk; its upload token's id."""
        token = self.api("uploadtoken", "add", ks, **{"uploadToken[fileName]": name})
        response = self.http.post(
            f"{self.url}/api_v3/service/uploadtoken/action/upload",
            data={"format": "1", "ks": ks, "clientTag": HARNESS_TAG, "uploadTokenId": token["id"], "finalChunk": "1"},
            files={"fileData": (name, data, content_type)},
            timeout=60,
        )
        if response.status_code != 200 or '"KalturaAPIException"' in response.text:
            raise StagingError(f"uploadtoken.upload: {response.text[:300]}")
        return str(token["id"])

    def clock_triggers(self) -> dict[str, list[dict[str, Any]]]:
        return self.backdoor("GET", "scenario")["clockTriggers"]

    def abort(self, ks: str, task_id: int) -> None:
        self.api("reach_entryvendortask", "abort", ks, id=task_id, abortReason="customer changed their mind")

    def state(self) -> dict[str, Any]:
        return self.backdoor("GET", "state")

    def journal_since(self, seq: int) -> list[dict[str, Any]]:
        return self.backdoor("GET", f"journal?since={seq}&limit=10000")["entries"]
