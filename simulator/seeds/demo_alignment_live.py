"""The demo seed's alignment and live caption items (after the others, so their ids do not move), enabled for the
demo customer like every demo item; their keys join `catalogItemIds`."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from simulator.objects import reach as R
from simulator.seeds.demo import CUSTOMER_ID, VENDOR_ID
from simulator.store import reach as catalog

if TYPE_CHECKING:
    from simulator.runtime import Simulator

# Minutes, as the catalog item counts them: orders at least an hour before the event, events up to four hours.
LIVE_MINIMAL_ORDER_MINUTES = 60
LIVE_DURATION_LIMIT_MINUTES = 240


def demo_alignment_and_live_items(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    now = int(sim.clock.now())
    common = {
        "vendorPartnerId": VENDOR_ID,
        "createdAt": now,
        "updatedAt": now,
        "serviceType": R.ServiceType.MACHINE,
        "sourceLanguage": R.CatalogItemLanguage.EN,
        "allowResubmission": False,
        "payPerUse": False,
        "stage": 1,
        "partnerId": 0,
    }
    alignment = catalog.add_catalog_item(
        conn,
        "KalturaVendorAlignmentCatalogItem",
        {
            **common,
            "name": "reachsim alignment (English transcript to SRT)",
            "systemName": "reachsim_alignment_en",
            "serviceFeature": R.ServiceFeature.ALIGNMENT,
            "turnAroundTime": R.TurnAroundTime.THIRTY_MINUTES,
            "pricing": {"pricePerUnit": 0.2, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "outputFormat": str(R.OutputFormat.SRT),
        },
    )
    live = catalog.add_catalog_item(
        conn,
        "KalturaVendorLiveCaptionCatalogItem",
        {
            **common,
            "name": "reachsim live captions (English)",
            "systemName": "reachsim_live_caption_en",
            "serviceFeature": R.ServiceFeature.LIVE_CAPTION,
            # A live task ends with its event, not after a processing time: the turnaround says nothing.
            "turnAroundTime": R.TurnAroundTime.BEST_EFFORT,
            "pricing": {"pricePerUnit": 1.0, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "outputFormat": str(R.OutputFormat.VTT),
            "enableSpeakerId": False,
            "fixedPriceAddons": 0,
            "minimalRefundTime": LIVE_MINIMAL_ORDER_MINUTES,
            "minimalOrderTime": LIVE_MINIMAL_ORDER_MINUTES,
            "durationLimit": LIVE_DURATION_LIMIT_MINUTES,
            "startTimeBuffer": 0,
            "endTimeBuffer": 0,
        },
    )
    for item in (alignment, live):
        catalog.enable_for_partner(conn, CUSTOMER_ID, item["id"])
    info["catalogItemIds"] = {**info["catalogItemIds"], "alignment": alignment["id"], "live_caption": live["id"]}
