"""Catalog item types of REACH services beyond OCR, captions and translation (those live in reach.py): each is a
KalturaVendorCatalogItem whose serviceFeature names the service; Kaltura declares them without fields of their own
(plugins/reach/lib/api/data/vendorCatalogItem)."""

from simulator.objects import reach  # noqa: F401  (registers KalturaVendorCatalogItem, the base of these types)
from simulator.objects.model import object_type

object_type("KalturaVendorChapteringCatalogItem", "KalturaVendorCatalogItem")
