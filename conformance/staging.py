"""Putting a scenario into a running simulator the way a customer would: back door for what no customer API can do
(reset, profile fields, corrupt media, the clock), the real API with the customer's ADMIN KS for orders and aborts.

Every API call here carries HARNESS_TAG, so the runner can tell the harness's calls from the vendor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from conformance.model import TaskPlan
from conformance.scenarios import Scenario

HARNESS_TAG = "reachsim-certify"
ADMIN = "2"
PROCESSING = 3


class StagingError(RuntimeError):
    """The simulator refused the scenario's set-up: a harness problem, never the vendor's."""


@dataclass
class Staged:
    seed: dict[str, Any]
    plans: list[TaskPlan]
    admin_ks: dict[int, str]  # customer partner id -> ADMIN KS, for the script's aborts


class Stager:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.http = requests.Session()

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
        loaded = self.backdoor("POST", "scenario", {"profiles": profiles, "corruptEntries": corrupt})
        admin_ks: dict[int, str] = {}
        plans = []
        for spec in scenario.tasks:
            partner_id, secret, entry_ids = self.account(seed, spec.account)
            if partner_id not in admin_ks:
                admin_ks[partner_id] = self.api("session", "start", secret=secret, partnerId=partner_id, type=ADMIN)
            ks = admin_ks[partner_id]
            entry_id = entry_ids[spec.entry]
            profile_id = loaded["reachProfileIds"][str(partner_id)]
            profile = self.api("reach_reachprofile", "get", ks, id=profile_id)
            context = self.api(
                "baseentry",
                "getPlaybackContext",
                ks,
                entryId=entry_id,
                **{"contextDataParams[objectType]": "KalturaPlaybackContextOptions"},
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
                },
            )
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
                        {"id": f["id"], "flavorParamsId": int(f["flavorParamsId"])}
                        for f in context.get("flavorAssets", [])
                    ],
                )
            )
        by_key = {p.key: p for p in plans}
        triggers = [
            {"taskId": by_key[step.task].id, "status": PROCESSING, "advance": step.seconds}
            for step in scenario.script
            if step.when == "processing"
        ]
        if triggers:
            self.backdoor("POST", "scenario", {"clockTriggers": triggers})
        return Staged(seed, plans, admin_ks)

    def clock_triggers(self) -> dict[str, list[dict[str, Any]]]:
        return self.backdoor("GET", "scenario")["clockTriggers"]

    def abort(self, ks: str, task_id: int) -> None:
        self.api("reach_entryvendortask", "abort", ks, id=task_id, abortReason="customer changed their mind")

    def state(self) -> dict[str, Any]:
        return self.backdoor("GET", "state")

    def journal_since(self, seq: int) -> list[dict[str, Any]]:
        return self.backdoor("GET", f"journal?since={seq}&limit=10000")["entries"]
