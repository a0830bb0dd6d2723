"""Catalog item types of REACH services beyond OCR, captions and translation (those live in reach.py): each is a
KalturaVendorCatalogItem whose serviceFeature names the service, with the fields Kaltura declares for it
(plugins/reach/lib/api/data/vendorCatalogItem)."""

from simulator.objects import reach  # noqa: F401  (registers KalturaVendorCatalogItem, the base of these types)
from simulator.objects.model import f_enum, f_int, object_type

# Dubbing and audio description: the flavorParams of the track the vendor produces and of the clear (original
# language) audio it delivers beside it (KalturaVendorDubbingCatalogItem, KalturaVendorAudioDescriptionCatalogItem).
object_type(
    "KalturaVendorAudioDescriptionCatalogItem",
    "KalturaVendorCatalogItem",
    f_int("flavorParamsId"),
    f_int("clearAudioFlavorParamsId"),
)
object_type("KalturaVendorChapteringCatalogItem", "KalturaVendorCatalogItem")
object_type(
    "KalturaVendorDubbingCatalogItem",
    "KalturaVendorCatalogItem",
    f_int("flavorParamsId"),
    f_int("clearAudioFlavorParamsId"),
    f_enum("targetLanguage", "KalturaCatalogItemLanguage"),
)
object_type(
    "KalturaVendorExtendedAudioDescriptionCatalogItem",
    "KalturaVendorCatalogItem",
    f_int("flavorParamsId"),
    f_int("clearAudioFlavorParamsId"),
    f_enum("outputFormat", "KalturaVendorCatalogItemOutputFormat"),
)
