"""The demo seed's data and steps: a customer partner, a vendor partner with its app token, a few READY entries,
the OCR and captions catalog items and the customer's REACH profile (media: simulator/seeds/demo_media.py).

Secrets are derived from the partner id so the README's curl examples work on any machine; they are test
credentials of a local simulator, not secrets.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import TYPE_CHECKING, Any

from simulator import reach_rules
from simulator.media.flavor_params import AUDIO_DESCRIPTION_PARAMS_ID, CLEAR_AUDIO_PARAMS_ID, DUBBED_AUDIO_PARAMS_ID
from simulator.media.transcode import MOBILE_PARAMS_ID, SOURCE_PARAMS_ID
from simulator.objects import reach as R
from simulator.objects.entries import EntryStatus, EntryType, MediaType
from simulator.store import apptokens, entries, partners
from simulator.store import reach as catalog

if TYPE_CHECKING:
    from simulator.runtime import Simulator

CUSTOMER_ID = 1001
VENDOR_ID = 2002
VENDOR_NAME = "reachsimocr"
OCR_MAX_VIDEO_SECONDS = 7200  # the demo OCR item's maxVideoDuration

DEMO_ENTRIES = (
    ("Lecture: Signals and Systems", "Slides with a lecturer's name tag", 15),
    ("Evening news", "Lower thirds and a ticker over studio footage", 12),
    ("Product launch", "Title cards and captions", 9),
)


def demo_secret(partner_id: int, kind: str) -> str:
    return hashlib.sha1(f"reachsim-demo-{partner_id}-{kind}".encode()).hexdigest()[:32]


def demo_partners(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    customer = partners.add(
        conn,
        {
            "id": CUSTOMER_ID,
            "kind": partners.CUSTOMER,
            "name": "Demo Media Co",
            "adminSecret": demo_secret(CUSTOMER_ID, "admin"),
            "secret": demo_secret(CUSTOMER_ID, "user"),
        },
    )
    vendor = partners.add(
        conn,
        {
            "id": VENDOR_ID,
            "kind": partners.VENDOR,
            "name": "reachsim OCR",
            "vendorName": VENDOR_NAME,
            "adminSecret": demo_secret(VENDOR_ID, "admin"),
            "secret": demo_secret(VENDOR_ID, "user"),
            "settings": {"entitlement": False},
        },
    )
    info.update(
        {
            "partnerId": customer["id"],
            "adminSecret": customer["adminSecret"],
            "userSecret": customer["secret"],
            "vendorPartnerId": vendor["id"],
            "vendorSecret": vendor["adminSecret"],
            "vendorName": VENDOR_NAME,
        }
    )


def demo_vendor_app_token(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    """The vendor's app token: how a REACH vendor logs in without its admin secret (widget KS, then
    appToken.startSession). ADMIN sessions so getJobs/updateJob work; SHA1, the server's default hash."""
    now = int(sim.clock.now())
    token = apptokens.add(
        conn,
        {
            "id": "0_" + demo_secret(VENDOR_ID, "apptoken-id")[:8],
            "token": demo_secret(VENDOR_ID, "apptoken"),
            "partnerId": VENDOR_ID,
            "status": apptokens.ACTIVE,
            "createdAt": now,
            "updatedAt": now,
            "sessionType": 2,
            "sessionDuration": 86400,
            "hashType": "SHA1",
            "sessionPrivileges": "",
            "description": f"{VENDOR_NAME} vendor app token (reachsim demo)",
        },
    )
    info.update({"appTokenId": token["id"], "appToken": token["token"], "appTokenHashType": token["hashType"]})


def demo_entries(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    now = int(sim.clock.now())
    ids = []
    for name, description, seconds in DEMO_ENTRIES:
        entry = entries.add(
            conn,
            {
                "partnerId": CUSTOMER_ID,
                "name": name,
                "description": description,
                "tags": "",
                "status": EntryStatus.READY,
                "type": EntryType.MEDIA_CLIP,
                "mediaType": MediaType.VIDEO,
                "duration": seconds,
                "msDuration": seconds * 1000,
                "createdAt": now,
                "updatedAt": now,
                "userId": "demo-user",
                "creatorId": "demo-user",
            },
        )
        ids.append(entry["id"])
    info["entryIds"] = ids


def demo_catalog(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    """The OCR item the reference vendor serves, and one item per further service the certification covers
    (captions, translation from source captions, chaptering, extended audio description, dubbing, audio description),
    all enabled for the demo customer. Dubbing and audio description name the flavorParams of the track the vendor
    produces and of the clear audio it delivers beside it (simulator/media/flavor_params.py).

    OCR turnaround is TWO_HOURS: a machine service with a real deadline, so expectedFinishTime means something to
    the harness (BEST_EFFORT would give a week nobody misses); the access key still lives 7 days (the minimum)."""
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
    ocr = catalog.add_catalog_item(
        conn,
        "KalturaVendorVideoAnalysisCatalogItem",
        {
            **common,
            "name": "reachsim OCR (English)",
            "systemName": "reachsim_ocr_en",
            "serviceFeature": R.ServiceFeature.VIDEO_ANALYSIS,
            "turnAroundTime": R.TurnAroundTime.TWO_HOURS,
            "pricing": {"pricePerUnit": 0.1, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "videoAnalysisType": R.VideoAnalysisType.OCR,
            "maxVideoDuration": OCR_MAX_VIDEO_SECONDS,
        },
    )
    captions = catalog.add_catalog_item(
        conn,
        "KalturaVendorCaptionsCatalogItem",
        {
            **common,
            "name": "reachsim machine captions (English)",
            "systemName": "reachsim_captions_en",
            "serviceFeature": R.ServiceFeature.CAPTIONS,
            "turnAroundTime": R.TurnAroundTime.THIRTY_MINUTES,
            "pricing": {"pricePerUnit": 0.5, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            # The real serializer emits this custom-data value as a string (the guide shows "outputFormat":"1").
            "outputFormat": str(R.OutputFormat.SRT),
            "enableSpeakerId": False,
            "fixedPriceAddons": 0,
        },
    )
    translation = catalog.add_catalog_item(
        conn,
        "KalturaVendorTranslationCatalogItem",
        {
            **common,
            "name": "reachsim machine translation (English to Spanish, from captions)",
            "systemName": "reachsim_translation_en_es",
            "serviceFeature": R.ServiceFeature.TRANSLATION,
            "turnAroundTime": R.TurnAroundTime.THIRTY_MINUTES,
            "pricing": {"pricePerUnit": 0.5, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "outputFormat": str(R.OutputFormat.SRT),
            "enableSpeakerId": False,
            "fixedPriceAddons": 0,
            "targetLanguage": R.CatalogItemLanguage.ES,
            "requireSource": True,  # translate the entry's source captions, not its soundtrack
        },
    )
    chaptering = catalog.add_catalog_item(
        conn,
        "KalturaVendorChapteringCatalogItem",
        {
            **common,
            "name": "reachsim machine chaptering (English)",
            "systemName": "reachsim_chaptering_en",
            "serviceFeature": R.ServiceFeature.CHAPTERING,
            "turnAroundTime": R.TurnAroundTime.THIRTY_MINUTES,
            "pricing": {"pricePerUnit": 0.2, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
        },
    )
    extended_ad = catalog.add_catalog_item(
        conn,
        "KalturaVendorExtendedAudioDescriptionCatalogItem",
        {
            **common,
            "name": "reachsim extended audio description (English, WebVTT)",
            "systemName": "reachsim_extended_ad_en",
            "serviceType": R.ServiceType.HUMAN,
            "serviceFeature": R.ServiceFeature.EXTENDED_AUDIO_DESCRIPTION,
            "turnAroundTime": R.TurnAroundTime.FIVE_BUSINESS_DAYS,
            "pricing": {"pricePerUnit": 8.0, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "flavorParamsId": 0,
            "clearAudioFlavorParamsId": 0,
            "outputFormat": str(R.OutputFormat.VTT),
        },
    )
    human_audio = {
        **common,
        "serviceType": R.ServiceType.HUMAN,
        "turnAroundTime": R.TurnAroundTime.FIVE_BUSINESS_DAYS,
        "clearAudioFlavorParamsId": CLEAR_AUDIO_PARAMS_ID,
    }
    dubbing = catalog.add_catalog_item(
        conn,
        "KalturaVendorDubbingCatalogItem",
        {
            **human_audio,
            "name": "reachsim dubbing (English to Spanish)",
            "systemName": "reachsim_dubbing_en_es",
            "serviceFeature": R.ServiceFeature.DUBBING,
            "pricing": {"pricePerUnit": 20.0, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "targetLanguage": R.CatalogItemLanguage.ES,
            "flavorParamsId": DUBBED_AUDIO_PARAMS_ID,
        },
    )
    audio_description = catalog.add_catalog_item(
        conn,
        "KalturaVendorAudioDescriptionCatalogItem",
        {
            **human_audio,
            "name": "reachsim audio description (English)",
            "systemName": "reachsim_audio_description_en",
            "serviceFeature": R.ServiceFeature.AUDIO_DESCRIPTION,
            "pricing": {"pricePerUnit": 10.0, "priceFunction": R.PriceFunction.PRICE_PER_MINUTE},
            "flavorParamsId": AUDIO_DESCRIPTION_PARAMS_ID,
        },
    )
    items = {
        "ocr": ocr,
        "captions": captions,
        "translation": translation,
        "chaptering": chaptering,
        "extended_ad": extended_ad,
        "dubbing": dubbing,
        "audio_description": audio_description,
    }
    for item in items.values():
        catalog.enable_for_partner(conn, CUSTOMER_ID, item["id"])
    info["catalogItemIds"] = {key: item["id"] for key, item in items.items()}


def demo_profile(conn: sqlite3.Connection, sim: Simulator, info: dict[str, Any]) -> None:
    """The demo customer's profile: unlimited credit, metadata extraction on (the vendor tags the entry), content
    deleted once processed, and the vendor pointed at the small H.264 flavor first, then the source."""
    now = int(sim.clock.now())
    profile = catalog.add_profile(
        conn,
        {
            "partnerId": CUSTOMER_ID,
            "name": "Demo REACH profile",
            "createdAt": now,
            "updatedAt": now,
            "profileType": 2,
            "defaultOutputFormat": R.OutputFormat.SRT,
            "enableMachineModeration": False,
            "enableHumanModeration": False,
            "autoDisplayMachineCaptionsOnPlayer": True,
            "autoDisplayHumanCaptionsOnPlayer": False,
            "enableMetadataExtraction": True,
            "enableSpeakerChangeIndication": False,
            "enableAudioTags": False,
            "enableProfanityRemoval": False,
            "maxCharactersPerCaptionLine": 42,
            "contentDeletionPolicy": R.DeletionPolicy.DELETE_ONCE_PROCESSED,
            "credit": {
                "_type": "KalturaUnlimitedVendorCredit",
                "credit": reach_rules.UNLIMITED_CREDIT,
                "fromDate": now,
            },
            "dictionaries": [{"language": R.CatalogItemLanguage.EN, "data": "reachsim\nKaltura\nREACH"}],
            "flavorParamsIds": f"{MOBILE_PARAMS_ID},{SOURCE_PARAMS_ID}",
            "vendorTaskProcessingRegion": 1,
        },
    )
    info["reachProfileId"] = profile["id"]
