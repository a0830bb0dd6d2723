"""category, categoryEntry and the REACH profile rule that orders on a category add, through Kaltura's official
client: the rule orders an AUTOMATIC task for an entry added to the watched category, and for no other."""

from __future__ import annotations

from typing import Any

import pytest
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaAppearInListType,
    KalturaCategory,
    KalturaCategoryEntry,
    KalturaCategoryEntryFilter,
    KalturaCategoryUserPermissionLevel,
    KalturaContributionPolicyType,
    KalturaInheritanceType,
    KalturaPrivacyType,
    KalturaRule,
    KalturaSessionType,
    KalturaUserJoinPolicyType,
)
from KalturaClient.Plugins.Reach import (
    KalturaAddEntryVendorTaskAction,
    KalturaCategoryEntryCondition,
    KalturaEntryVendorTaskCreationMode,
    KalturaEntryVendorTaskFilter,
    KalturaReachProfile,
)


@pytest.fixture
def admin(reachsim: Any, kaltura_client: Any) -> Any:
    seed = reachsim.seed()
    client = kaltura_client()
    client.setKs(client.session.start(seed["adminSecret"], "", KalturaSessionType.ADMIN, seed["partnerId"]))
    return client


def category(client: Any, name: str) -> Any:
    return client.category.add(KalturaCategory(name=name))


def assign(client: Any, category_id: int, entry_id: str) -> Any:
    return client.categoryEntry.add(KalturaCategoryEntry(categoryId=category_id, entryId=entry_id))


def refused(code: str, call: Any, *args: Any) -> None:
    with pytest.raises(KalturaException) as caught:
        call(*args)
    assert caught.value.code == code, caught.value


def test_categories_and_their_entries(reachsim, admin):
    seed = reachsim.seed()
    lectures = category(admin, "Lectures")
    child = admin.category.add(KalturaCategory(name="2026", parentId=lectures.id))
    assert (child.fullName, child.fullIds, child.depth) == ("Lectures>2026", f"{lectures.id}>{child.id}", 1)
    assert admin.category.get(lectures.id).directSubCategoriesCount == 1
    refused("DUPLICATE_CATEGORY", category, admin, "Lectures")
    added = assign(admin, lectures.id, seed["entryIds"][0])
    assert (added.categoryId, added.entryId, added.status.getValue()) == (lectures.id, seed["entryIds"][0], 2)
    refused("CATEGORY_ENTRY_ALREADY_EXISTS", assign, admin, lectures.id, seed["entryIds"][0])
    refused("CATEGORY_NOT_FOUND", assign, admin, 999, seed["entryIds"][0])
    refused("ENTRY_ID_NOT_FOUND", assign, admin, lectures.id, "0_missing")
    listed = admin.categoryEntry.list(KalturaCategoryEntryFilter(categoryIdEqual=lectures.id))
    assert [ce.entryId for ce in listed.objects] == [seed["entryIds"][0]]
    assert admin.category.get(lectures.id).entriesCount == 1
    refused("MUST_FILTER_ON_ENTRY_OR_CATEGORY", admin.categoryEntry.list, KalturaCategoryEntryFilter())
    admin.categoryEntry.delete(seed["entryIds"][0], lectures.id)
    refused("ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY", admin.categoryEntry.delete, seed["entryIds"][0], lectures.id)


def test_a_new_category_has_the_servers_defaults_and_keeps_what_is_set(admin):
    """category::applyDefaultValues for what the caller leaves out; its writable settings are kept as sent."""
    added = admin.category.add(
        KalturaCategory(name="Seminars", referenceId="ref-7", privacy=KalturaPrivacyType.MEMBERS_ONLY)
    )
    got = admin.category.get(added.id)
    assert (got.referenceId, got.privacy.getValue()) == ("ref-7", KalturaPrivacyType.MEMBERS_ONLY)
    defaults = (got.appearInList, got.inheritanceType, got.userJoinPolicy, got.defaultPermissionLevel)
    assert [d.getValue() for d in defaults] == [
        KalturaAppearInListType.PARTNER_ONLY,
        KalturaInheritanceType.MANUAL,
        KalturaUserJoinPolicyType.NOT_ALLOWED,
        KalturaCategoryUserPermissionLevel.MEMBER,
    ]
    assert got.contributionPolicy.getValue() == KalturaContributionPolicyType.ALL
    assert (got.membersCount, got.pendingMembersCount, got.directSubCategoriesCount) == (0, 0, 0)


def test_a_profile_rule_orders_ocr_for_entries_added_to_its_category(reachsim, admin):
    seed = reachsim.seed()
    watched, other = category(admin, "Channel: lectures"), category(admin, "Gallery: misc")
    rule = KalturaRule(
        description="OCR every lecture",
        conditions=[KalturaCategoryEntryCondition(categoryId=watched.id)],
        actions=[KalturaAddEntryVendorTaskAction(catalogItemIds=str(seed["catalogItemIds"]["ocr"]))],
    )
    updated = admin.reach.reachProfile.update(seed["reachProfileId"], KalturaReachProfile(rules=[rule]))
    assert len(updated.rules) == 1
    # The rule reads back as sent: its condition and action keep their REACH classes.
    (stored,) = admin.reach.reachProfile.get(seed["reachProfileId"]).rules
    assert (
        isinstance(stored.conditions[0], KalturaCategoryEntryCondition)
        and stored.conditions[0].categoryId == watched.id
    )
    assert isinstance(stored.actions[0], KalturaAddEntryVendorTaskAction)
    assert stored.actions[0].catalogItemIds == str(seed["catalogItemIds"]["ocr"])
    assign(admin, other.id, seed["entryIds"][1])
    assign(admin, watched.id, seed["entryIds"][0])
    tasks = admin.reach.entryVendorTask.list(KalturaEntryVendorTaskFilter()).objects
    assert [(t.entryId, t.catalogItemId) for t in tasks] == [(seed["entryIds"][0], seed["catalogItemIds"]["ocr"])]
    assert tasks[0].creationMode.getValue() == KalturaEntryVendorTaskCreationMode.AUTOMATIC
    # A second entry in the same category is ordered too; the rule never orders twice for one entry (duplicate).
    assign(admin, watched.id, seed["entryIds"][2])
    admin.categoryEntry.delete(seed["entryIds"][0], watched.id)
    assign(admin, watched.id, seed["entryIds"][0])
    tasks = admin.reach.entryVendorTask.list(KalturaEntryVendorTaskFilter()).objects
    assert sorted(t.entryId for t in tasks) == sorted([seed["entryIds"][0], seed["entryIds"][2]])
