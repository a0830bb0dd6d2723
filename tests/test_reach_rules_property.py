"""Property: any sequence of task operations leaves every task in a state the machine allows, and getJobs never
shows an aborted, final or other vendor's task. In-process (Flask test client), JSON format."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import reach_rules
from simulator.objects.reach import TaskStatus
from simulator.seeds.demo import demo_secret
from simulator.store import partners
from simulator.store import tasks as task_store

OTHER_VENDOR = 3003
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "update", "abort", "extend", "other_update", "approve"]),
        st.integers(0, 2),  # which task / entry
        st.sampled_from(list(range(1, 10))),  # a status to ask for
    ),
    max_size=25,
)


class Api:
    def __init__(self, app: Any) -> None:
        self.client = app.test_client()
        self.sim = app.extensions["reachsim"]
        self.seed = self.client.get("/__sim__/seed").get_json()

    def call(self, service: str, action: str, **params: Any) -> Any:
        return self.client.post(f"/api_v3/service/{service}/action/{action}", data={"format": "1", **params}).get_json()

    def session(self, secret: str, partner_id: int) -> str:
        return self.call("session", "start", secret=secret, partnerId=partner_id, type="2")


@pytest.fixture(scope="module")
def api(reachsim_app: Any) -> Api:
    return Api(reachsim_app())


def _reset(api: Api) -> dict[str, str]:
    api.client.post("/__sim__/reset")
    with api.sim.db.transaction() as conn:
        partners.add(conn, {"id": OTHER_VENDOR, "kind": partners.VENDOR, "adminSecret": demo_secret(OTHER_VENDOR, "a")})
    seed = api.seed
    return {
        "admin": api.session(seed["adminSecret"], seed["partnerId"]),
        "vendor": api.session(seed["vendorSecret"], seed["vendorPartnerId"]),
        "other": api.session(demo_secret(OTHER_VENDOR, "a"), OTHER_VENDOR),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_random_operations_keep_the_machine(api, operations):
    keys = _reset(api)
    seed = api.seed
    added: list[str] = []
    history: dict[int, list[int]] = {}
    evt = "reach_entryvendortask"
    for operation, index, wanted in operations:
        task_id = added[index % len(added)] if added else "5001"
        if operation == "add":
            fields = {
                "entryVendorTask[entryId]": seed["entryIds"][index],
                "entryVendorTask[reachProfileId]": "401",
                "entryVendorTask[catalogItemId]": str(seed["catalogItemIds"]["ocr"]),
            }
            result = api.call(evt, "add", ks=keys["admin"], **fields)
            if "id" in result:
                added.append(result["id"])
        elif operation == "update":
            api.call(evt, "updateJob", ks=keys["vendor"], id=task_id, **{"entryVendorTask[status]": str(wanted)})
        elif operation == "abort":
            api.call(evt, "abort", ks=keys["admin"], id=task_id)
        elif operation == "extend":
            api.call(evt, "extendAccessKey", ks=keys["vendor"], id=task_id)
        elif operation == "approve":
            api.call(evt, "approve", ks=keys["admin"], id=task_id)
        else:
            result = api.call(evt, "updateJob", ks=keys["other"], id=task_id, **{"entryVendorTask[status]": "3"})
            assert result.get("code") == "ENTRY_VENDOR_TASK_NOT_FOUND"
        with api.sim.db.transaction() as conn:
            for task in task_store.all_tasks(conn):
                history.setdefault(task["id"], []).append(int(task["status"]))

        jobs = api.call(evt, "getJobs", ks=keys["vendor"], **{"filter[statusIn]": "1,2,3,6,7,9"})
        for job in jobs["objects"]:
            assert job["status"] == TaskStatus.PENDING and job["vendorPartnerId"] == seed["vendorPartnerId"]
        assert api.call(evt, "getJobs", ks=keys["other"])["totalCount"] == 0

    for statuses in history.values():
        assert statuses[0] in (TaskStatus.PENDING, TaskStatus.PENDING_MODERATION)
        for old, new in itertools.pairwise(statuses):
            assert reach_rules.may_change(old, new), statuses
