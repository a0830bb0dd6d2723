"""A TEST DOUBLE of a REACH captions vendor: the plain vendor's protocol (tests/conformance/vendors/plain_vendor.py)
with a captions delivery instead of an OCR insight. No speech recognition: it delivers a fixed, plausible SRT (or
the catalog's DFXP/WebVTT) with the guide's caption-asset fields.

`--break NAME` (repeatable) gets one field of the delivery wrong, so tests can check each fails exactly its rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conformance" / "vendors"))

from plain_vendor import Vendor

BREAKS = {
    "wrong-ext": "fileExt txt whatever the format",
    "garbled-file": "uploads a file that is not captions",
    "no-accuracy": "no accuracy on the caption asset",
    "wrong-language": "language German on captions of an English item (label still English)",
    "hidden": "isDefault 0 and displayOnPlayer false",
    "tags-only": "metadata extraction as plain tags, without multiLingual_tags",
    "languageless-tags": "multiLingual_tags without a language",
    "tag-unasked": "tags the entry although the profile's metadata extraction is off",
    "ignore-language": "captions media whose declared language is not the ordered one",
    "refuse-undefined": "refuses media whose language is undefined as a language mismatch",
}
UNDEFINED = ("", "Undefined")
# KalturaVendorCatalogItemOutputFormat -> caption type, fileExt and a fixed two-cue file
FILES = {
    "1": (
        "1",
        "srt",
        "1\n00:00:00,500 --> 00:00:02,000\nHello and welcome.\n\n2\n00:00:02,500 --> 00:00:04,000\nThis is reachsim.\n",
    ),
    "2": (
        "2",
        "dfxp",
        '<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
        '<p begin="00:00:00.500" end="00:00:02.000">Hello and welcome.</p>'
        '<p begin="00:00:02.500" end="00:00:04.000">This is reachsim.</p></div></body></tt>\n',
    ),
    "3": (
        "3",
        "vtt",
        "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello and welcome.\n\n"
        "00:00:02.500 --> 00:00:04.000\nThis is reachsim.\n",
    ),
}
ACCURACY = 85
TAGS = "welcome,reachsim"


class CaptionsVendor(Vendor):
    def catalog_item(self, task: dict[str, Any]) -> dict[str, Any]:
        """The item's languages and format. Items are shared by many tasks (a vendor caches them), so the call is
        tagged as a vendor call, not as one task's."""
        return self.vendor_call("reach_vendorcatalogitem", "get", id=task["catalogItemId"])

    def fetch_media(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        """Download the profile's preferred flavor: a real vendor transcribes its soundtrack."""
        profile = self.profile(full)
        context = self.playback(task, task["entryId"], "applehttp")
        if not context.get("sources"):
            context = self.playback(task, task["entryId"], "http")
        flavor = self.choose(context["flavorAssets"], str(profile.get("flavorParamsIds") or ""))
        content = self.download(task, context["sources"][0], flavor)
        if not content[:12].strip() or content.startswith(b"reachsim corrupt"):
            raise ValueError("the media cannot be decoded")

    def check_language(self, task: dict[str, Any], ordered: str) -> None:
        """The guide's soundtrack check. No language identification here: the flavors' declared language stands in
        for what a real vendor hears; an undefined language is processed, as the guide recommends."""
        if "ignore-language" in self.breaks:
            return
        flavors = self.keyed(
            task,
            "flavorasset",
            "list",
            **{"filter[objectType]": "KalturaFlavorAssetFilter", "filter[entryIdEqual]": task["entryId"]},
        )["objects"]
        heard = {str(f.get("language") or "") for f in flavors}
        if "refuse-undefined" in self.breaks:
            heard = {h or "Undefined" for h in heard} - {ordered}
        else:
            heard -= {*UNDEFINED, ordered}
        if heard:
            raise ValueError(f"the soundtrack is in {', '.join(sorted(heard))}, the order is for {ordered}")

    @staticmethod
    def profile(full: dict[str, Any]) -> dict[str, Any]:
        return (full.get("relatedObjects", {}).get("reach_vendor_profile", {}).get("objects") or [{}])[0]

    def work(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        item = self.catalog_item(task)
        self.fetch_media(task, full)
        self.check_language(task, str(item["sourceLanguage"]))
        asset_id = self.deliver_captions(task, item)
        self.tag_entry(task, full)
        self.update(task["id"], status=2, accuracy=ACCURACY, outputObjectId=asset_id)

    def tag_entry(self, task: dict[str, Any], full: dict[str, Any]) -> None:
        """Metadata extraction: the guide's multiLingual_tags (a language code and its tags)."""
        if not (self.profile(full).get("enableMetadataExtraction") or "tag-unasked" in self.breaks):
            return
        fields: dict[str, Any] = {"baseEntry[objectType]": "KalturaMediaEntry"}
        if "tags-only" in self.breaks:
            fields["baseEntry[tags]"] = TAGS
        else:
            fields["baseEntry[multiLingual_tags][0][objectType]"] = "KalturaMultiLingualString"
            fields["baseEntry[multiLingual_tags][0][value]"] = TAGS
            if "languageless-tags" not in self.breaks:
                fields["baseEntry[multiLingual_tags][0][language]"] = "EN"
        self.keyed(task, "baseentry", "update", entryId=task["entryId"], **fields)

    def caption_fields(self, item: dict[str, Any], language: str) -> dict[str, Any]:
        caption_type, ext, _ = FILES.get(str(item.get("outputFormat") or ""), FILES["1"])
        fields: dict[str, Any] = {
            "format": caption_type,
            "fileExt": "txt" if "wrong-ext" in self.breaks else ext,
            "accuracy": ACCURACY,
            "language": "German" if "wrong-language" in self.breaks else language,
            "label": language,
            "isDefault": 0 if "hidden" in self.breaks else 1,
            "displayOnPlayer": 0 if "hidden" in self.breaks else 1,
        }
        if "no-accuracy" in self.breaks:
            del fields["accuracy"]
        return fields

    def caption_file(self, item: dict[str, Any]) -> bytes:
        _, _, text = FILES.get(str(item.get("outputFormat") or ""), FILES["1"])
        return b"no captions here, only prose\n" if "garbled-file" in self.breaks else text.encode()

    def deliver_captions(self, task: dict[str, Any], item: dict[str, Any]) -> str:
        fields = self.caption_fields(item, str(item["sourceLanguage"]))
        return self.add_caption(task, fields, self.caption_file(item))

    def add_caption(self, task: dict[str, Any], fields: dict[str, Any], data: bytes) -> str:
        token = self.upload(task, f"captions.{fields['fileExt']}", data)
        body = {f"captionAsset[{k}]": v for k, v in fields.items()}
        asset = self.keyed(task, "caption_captionasset", "add", entryId=task["entryId"], **body)
        self.keyed(
            task,
            "caption_captionasset",
            "setContent",
            id=asset["id"],
            **{"contentResource[objectType]": "KalturaUploadedFileTokenResource", "contentResource[token]": token},
        )
        return str(asset["id"])

    def upload(self, task: dict[str, Any], name: str, data: bytes) -> str:
        token = self.keyed(task, "uploadtoken", "add", **{"uploadToken[fileName]": name})
        self.http.post(
            f"{self.url}/api_v3/service/uploadtoken/action/upload",
            data={
                "format": "1",
                "ks": task["accessKey"],
                "clientTag": self.tag(task["id"]),
                "uploadTokenId": token["id"],
                "resume": "0",
                "finalChunk": "1",
                "resumeAt": "-1",
            },
            files={"fileData": (name, data, "application/octet-stream")},
            timeout=60,
        ).raise_for_status()
        return str(token["id"])


def main(vendor_class: type[Vendor] = CaptionsVendor, breaks: dict[str, str] = BREAKS) -> int:
    parser = argparse.ArgumentParser(description=(vendor_class.__doc__ or __doc__ or "").splitlines()[0])
    parser.add_argument("--break", dest="breaks", action="append", choices=sorted(breaks), default=[])
    args = parser.parse_args()
    vendor_class(set(args.breaks), 0.2).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
