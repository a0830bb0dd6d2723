"""Catalog item types of REACH services beyond OCR, captions and translation (those live in reach.py): each is a
KalturaVendorCatalogItem whose serviceFeature names the service, with the fields Kaltura declares for it
(plugins/reach/lib/api/data/vendorCatalogItem)."""

from simulator.objects import reach  # noqa: F401  (registers KalturaVendorCatalogItem, the base of these types)
from simulator.objects.model import f_enum, f_int, object_type

object_type("KalturaVendorChapteringCatalogItem", "KalturaVendorCatalogItem")
object_type(
    "KalturaVendorExtendedAudioDescriptionCatalogItem",
    "KalturaVendorCatalogItem",
    f_int("flavorParamsId"),
    f_int("clearAudioFlavorParamsId"),
    f_enum("outputFormat", "KalturaVendorCatalogItemOutputFormat"),
)
