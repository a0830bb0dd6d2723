"""REACH vocabulary: catalog items, reach profiles, entry vendor tasks, their enums and the reach error catalogue
(reference §3.3, §3.8, §3.10, §3.11, §4; the 23.10 client's `Plugins/Reach.py` for field lists).

Which task fields only a vendor may set is a permission rule, not a type flag: see simulator/reach_rules.py.
"""

from simulator.objects import errors
from simulator.objects.model import (
    f_array,
    f_bigint,
    f_bool,
    f_enum,
    f_float,
    f_int,
    f_obj,
    f_str,
    f_time,
    int_enum,
    list_response,
    object_type,
    string_enum,
)

TaskStatus = int_enum(
    "KalturaEntryVendorTaskStatus",
    PENDING=1,
    READY=2,
    PROCESSING=3,
    PENDING_MODERATION=4,
    REJECTED=5,
    ERROR=6,
    ABORTED=7,
    PENDING_ENTRY_READY=8,
    SCHEDULED=9,
)
ServiceType = int_enum("KalturaVendorServiceType", HUMAN=1, MACHINE=2)
ServiceFeature = int_enum(
    "KalturaVendorServiceFeature",
    CAPTIONS=1,
    TRANSLATION=2,
    ALIGNMENT=3,
    AUDIO_DESCRIPTION=4,
    CHAPTERING=5,
    INTELLIGENT_TAGGING=6,
    DUBBING=7,
    LIVE_CAPTION=8,
    EXTENDED_AUDIO_DESCRIPTION=9,
    CLIPS=10,
    LIVE_TRANSLATION=11,
    QUIZ=12,
    SUMMARY=13,
    VIDEO_ANALYSIS=14,
    MODERATION=15,
    METADATA_ENRICHMENT=16,
    SENTIMENT_ANALYSIS=17,
    DOCUMENT_ENRICHMENT=18,
    SIGN_LANGUAGE=19,
    SPEECH_TO_VIDEO=20,
    IMMERSIVE_AGENT_CALL=21,
    IMMERSIVE_AGENT_CHAT=22,
    AVATAR_VOD=23,
    LLM_MODELS=24,
    IMMERSIVE_AGENT_EVAL=25,
    IMMERSIVE_AGENT_PREVIEW=26,
    VIDEO_GENERATION=27,
    VISUAL_DESCRIPTION=28,
)
TurnAroundTime = int_enum(
    "KalturaVendorServiceTurnAroundTime",
    BEST_EFFORT=-1,
    IMMEDIATE=0,
    ONE_BUSINESS_DAY=1,
    TWO_BUSINESS_DAYS=2,
    THREE_BUSINESS_DAYS=3,
    FOUR_BUSINESS_DAYS=4,
    FIVE_BUSINESS_DAYS=5,
    SIX_BUSINESS_DAYS=6,
    SEVEN_BUSINESS_DAYS=7,
    TEN_BUSINESS_DAYS=10,
    THIRTY_MINUTES=1800,
    TWO_HOURS=7200,
    THREE_HOURS=10800,
    SIX_HOURS=21600,
    EIGHT_HOURS=28800,
    TWELVE_HOURS=43200,
    TWENTY_FOUR_HOURS=86400,
    FORTY_EIGHT_HOURS=172800,
    FOUR_DAYS=345600,
    FIVE_DAYS=432000,
    TEN_DAYS=864000,
)
OutputFormat = int_enum("KalturaVendorCatalogItemOutputFormat", SRT=1, DFXP=2, VTT=3)
DeletionPolicy = int_enum(
    "KalturaReachProfileContentDeletionPolicy",
    DO_NOTHING=1,
    DELETE_ONCE_PROCESSED=2,
    DELETE_AFTER_WEEK=3,
    DELETE_AFTER_MONTH=4,
    DELETE_AFTER_THREE_MONTHS=5,
)
CreationMode = int_enum("KalturaEntryVendorTaskCreationMode", MANUAL=1, AUTOMATIC=2)
EntryObjectType = int_enum("KalturaEntryObjectType", ENTRY=1, ASSET=2, EXTERNAL_OBJECT=3)
ProfileStatus = int_enum("KalturaReachProfileStatus", DISABLED=1, ACTIVE=2, DELETED=3)
int_enum("KalturaReachProfileType", FREE_TRIAL=1, PAID=2)
CatalogItemStatus = int_enum("KalturaVendorCatalogItemStatus", DEPRECATED=1, ACTIVE=2, DELETED=3)
int_enum("KalturaVendorCatalogItemStage", PRODUCTION=1, QA=2)
int_enum("KalturaVendorTaskProcessingRegion", US=1, EU=2, CA=3)
VideoAnalysisType = int_enum("KalturaVendorVideoAnalysisType", OCR=1)
PriceFunction = string_enum(
    "KalturaVendorCatalogItemPriceFunction",
    PRICE_PER_HOUR="kReachUtils::calcPricePerHour",
    PRICE_PER_MINUTE="kReachUtils::calcPricePerMinute",
    PRICE_PER_SECOND="kReachUtils::calcPricePerSecond",
    PRICE_PER_TOKEN="kReachUtils::calcPricePerToken",
)
string_enum("KalturaReachVendorEngineType", dynamic=True)
CatalogItemLanguage = string_enum(
    "KalturaCatalogItemLanguage",
    AF="Afrikaans",
    AR="Arabic",
    AR_LB="Arabic (Lebanon)",
    AR_QA="Arabic (Qatar)",
    AR_SA="Arabic (Saudi Arabia)",
    AUTO_DETECT="Auto Detect",
    AZ="Azerbaijani",
    BA="Bashkir",
    EU="Basque",
    BN="Bengali (Bangla)",
    BS="Bosnian",
    BG="Bulgarian",
    MY="Burmese",
    BE="Byelorussian (Belarusian)",
    KM="Cambodian",
    YUE="Cantonese",
    CA="Catalan",
    ZH="Chinese",
    HR="Croatian",
    CS="Czech",
    DA="Danish",
    NL="Dutch",
    EN="English",
    EN_ASL="English (ASL)",
    EN_US="English (American)",
    EN_AU="English (Australian)",
    EN_BSL="English (BSL)",
    EN_GB="English (British)",
    EO="Esperanto",
    ET="Estonian",
    FA="Farsi",
    FI="Finnish",
    FR="French",
    FR_CA="French (Canada)",
    GD="Gaelic (Scottish)",
    GL="Galician",
    KA="Georgian",
    DE="German",
    EL="Greek",
    GU="Gujarati",
    HE="Hebrew",
    HI="Hindi",
    HU="Hungarian",
    IS="Icelandic",
    IN="Indonesian",
    IA="Interlingua",
    GA="Irish",
    IT="Italian",
    JA="Japanese",
    JV="Javanese",
    KN="Kannada",
    KK="Kazakh",
    KO="Korean",
    LO="Laothian",
    LV="Latvian (Lettish)",
    LT="Lithuanian",
    MK="Macedonian",
    MS="Malay",
    ML="Malayalam",
    CMN="Mandarin Chinese",
    MR="Marathi",
    MN="Mongolian",
    NE="Nepali",
    NO="Norwegian",
    FA_IR="Persian (Iran)",
    PL="Polish",
    PT="Portuguese",
    PT_BR="Portuguese (Brazil)",
    PA="Punjabi",
    RO="Romanian",
    RU="Russian",
    SR="Serbian",
    ZH_CN="Simplified Chinese",
    SI="Sinhalese",
    SK="Slovak",
    SK_SK="Slovakian",
    SL="Slovenian",
    ES="Spanish",
    ES_XL="Spanish (Latin America)",
    SU="Sundanese",
    SW="Swahili (Kiswahili)",
    SV="Swedish",
    TL="Tagalog",
    ZH_TW="Taiwanese Mandarin",
    TA="Tamil",
    TE="Telugu",
    TH="Thai",
    ZH_HK="Traditional Chinese",
    TR="Turkish",
    UG="Uighur",
    UK="Ukrainian",
    UR="Urdu",
    UZ="Uzbek",
    VI="Vietnamese",
    CY="Welsh",
    XH="Xhosa",
    ZU="Zulu",
)

object_type(
    "KalturaVendorCatalogItemPricing",
    "KalturaObjectBase",
    f_float("pricePerUnit"),
    f_enum("priceFunction", "KalturaVendorCatalogItemPriceFunction"),
)
object_type(
    "KalturaVendorCatalogItem",
    "KalturaObjectBase",
    f_int("id", readonly=True),
    f_int("vendorPartnerId"),
    f_str("name"),
    f_str("systemName"),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_enum("status", "KalturaVendorCatalogItemStatus", readonly=True),
    f_enum("serviceType", "KalturaVendorServiceType"),
    f_enum("serviceFeature", "KalturaVendorServiceFeature", readonly=True),
    f_enum("turnAroundTime", "KalturaVendorServiceTurnAroundTime"),
    f_obj("pricing", "KalturaVendorCatalogItemPricing"),
    f_array("pricingArray", "KalturaObjectBase"),  # per-unit pricing; the simulator prices by `pricing` only
    f_enum("engineType", "KalturaReachVendorEngineType"),
    f_enum("sourceLanguage", "KalturaCatalogItemLanguage"),
    f_bool("allowResubmission"),
    f_bool("payPerUse"),
    f_str("vendorData"),
    f_enum("stage", "KalturaVendorCatalogItemStage"),
    f_int("lastBulkUpdateId"),
    f_str("contract"),
    f_str("createdBy"),
    f_str("notes"),
    f_int("partnerId"),
    f_int("defaultReachProfileId"),
    f_str("adminTagsToExclude"),
    abstract=True,
)
object_type(
    "KalturaVendorCaptionsCatalogItem",
    "KalturaVendorCatalogItem",
    f_enum("outputFormat", "KalturaVendorCatalogItemOutputFormat"),
    f_enum("enableSpeakerId", "KalturaNullableBoolean"),
    f_int("fixedPriceAddons"),
)
object_type(
    "KalturaVendorTranslationCatalogItem",
    "KalturaVendorCaptionsCatalogItem",
    f_enum("targetLanguage", "KalturaCatalogItemLanguage"),
    f_enum("requireSource", "KalturaNullableBoolean"),
)
object_type(
    "KalturaVendorVideoAnalysisCatalogItem",
    "KalturaVendorCatalogItem",
    f_enum("videoAnalysisType", "KalturaVendorVideoAnalysisType"),
    f_int("maxVideoDuration"),
)
list_response("KalturaVendorCatalogItemListResponse", "KalturaVendorCatalogItem")
object_type(
    "KalturaVendorCatalogItemBaseFilter",
    "KalturaRelatedFilter",
    f_int("idEqual"),
    f_str("idIn"),
    f_str("idNotIn"),
    f_int("vendorPartnerIdEqual"),
    f_str("vendorPartnerIdIn"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
    f_enum("statusEqual", "KalturaVendorCatalogItemStatus"),
    f_str("statusIn"),
    f_enum("serviceTypeEqual", "KalturaVendorServiceType"),
    f_str("serviceTypeIn"),
    f_enum("serviceFeatureEqual", "KalturaVendorServiceFeature"),
    f_str("serviceFeatureIn"),
    f_enum("turnAroundTimeEqual", "KalturaVendorServiceTurnAroundTime"),
    f_str("turnAroundTimeIn"),
)
object_type(
    "KalturaVendorCatalogItemFilter",
    "KalturaVendorCatalogItemBaseFilter",
    f_int("partnerIdEqual"),
    f_int("catalogItemIdEqual"),
)

object_type(
    "KalturaDictionary",
    "KalturaObjectBase",
    f_enum("language", "KalturaCatalogItemLanguage"),
    f_str("data"),
)
object_type("KalturaBaseVendorCredit", "KalturaObjectBase")
object_type(
    "KalturaVendorCredit",
    "KalturaBaseVendorCredit",
    f_int("credit"),
    f_time("fromDate"),
    f_int("overageCredit"),
    f_int("addOn"),
)
object_type("KalturaTimeRangeVendorCredit", "KalturaVendorCredit", f_time("toDate"))
object_type(
    "KalturaUnlimitedVendorCredit", "KalturaBaseVendorCredit", f_int("credit", readonly=True), f_time("fromDate")
)
object_type(
    "KalturaReachProfile",
    "KalturaObjectBase",
    f_int("id", readonly=True),
    f_str("name"),
    f_int("partnerId", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_enum("status", "KalturaReachProfileStatus", readonly=True),
    f_enum("profileType", "KalturaReachProfileType"),
    f_enum("defaultOutputFormat", "KalturaVendorCatalogItemOutputFormat"),
    f_enum("enableMachineModeration", "KalturaNullableBoolean"),
    f_enum("enableHumanModeration", "KalturaNullableBoolean"),
    f_enum("enableHybridModeration", "KalturaNullableBoolean"),
    f_enum("autoDisplayMachineCaptionsOnPlayer", "KalturaNullableBoolean"),
    f_enum("autoDisplayHumanCaptionsOnPlayer", "KalturaNullableBoolean"),
    f_enum("autoDisplayHybridCaptionsOnPlayer", "KalturaNullableBoolean"),
    f_enum("enableMetadataExtraction", "KalturaNullableBoolean"),
    f_enum("enableSpeakerChangeIndication", "KalturaNullableBoolean"),
    f_enum("enableAudioTags", "KalturaNullableBoolean"),
    f_enum("enableProfanityRemoval", "KalturaNullableBoolean"),
    f_int("maxCharactersPerCaptionLine"),
    f_str("labelAdditionForMachineServiceType"),
    f_str("labelAdditionForHumanServiceType"),
    f_str("labelAdditionForHybridServiceType"),
    f_enum("contentDeletionPolicy", "KalturaReachProfileContentDeletionPolicy"),
    f_array("rules", "KalturaRule"),
    f_obj("credit", "KalturaBaseVendorCredit"),
    f_float("usedCredit"),
    f_array("dictionaries", "KalturaDictionary"),
    f_str("flavorParamsIds"),
    f_enum("vendorTaskProcessingRegion", "KalturaVendorTaskProcessingRegion"),
    f_str("allowedCatalogItemIds"),
)
list_response("KalturaReachProfileListResponse", "KalturaReachProfile")
object_type(
    "KalturaReachProfileBaseFilter",
    "KalturaRelatedFilter",
    f_int("idEqual"),
    f_str("idIn"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
    f_enum("statusEqual", "KalturaReachProfileStatus"),
    f_str("statusIn"),
    f_enum("profileTypeEqual", "KalturaReachProfileType"),
    f_str("profileTypeIn"),
)
object_type("KalturaReachProfileFilter", "KalturaReachProfileBaseFilter")

object_type(
    "KalturaVendorTaskData",
    "KalturaObjectBase",
    f_int("entryDuration", readonly=True),
    f_str("vendorComment"),
)
object_type("KalturaVendorTaskDataCaptionAsset", "KalturaVendorTaskData", f_str("captionAssetId", insertonly=True))
object_type("KalturaTranslationVendorTaskData", "KalturaVendorTaskDataCaptionAsset")
object_type(
    "KalturaAlignmentVendorTaskData",
    "KalturaVendorTaskDataCaptionAsset",
    f_str("textTranscriptAssetId"),
    f_str("jsonTranscriptAssetId", insertonly=True),
)
object_type("KalturaEntryVendorTaskUnit", "KalturaObjectBase", f_float("unitsUsed"), f_str("serviceName"))
object_type(
    "KalturaEntryVendorTask",
    "KalturaObjectBase",
    f_bigint("id", readonly=True),
    f_int("partnerId", readonly=True),
    f_int("vendorPartnerId", readonly=True),
    f_time("createdAt", readonly=True),
    f_time("updatedAt", readonly=True),
    f_time("queueTime", readonly=True),
    f_time("finishTime", readonly=True),
    f_str("entryId", insertonly=True),
    f_enum("status", "KalturaEntryVendorTaskStatus"),
    f_int("reachProfileId", insertonly=True),
    f_int("catalogItemId", insertonly=True),
    f_float("price", readonly=True),
    f_str("userId", readonly=True),
    f_enum("entryObjectType", "KalturaEntryObjectType", insertonly=True),
    f_int("unitsUsed"),
    # Not read-only: the official client 23.10 sends it in updateJob, and the generated clients leave every
    # read-only field out of what they send.
    f_array("unitsUsedArray", "KalturaEntryVendorTaskUnit"),
    f_str("moderatingUser", readonly=True),
    f_str("errDescription"),
    f_str("accessKey", readonly=True),
    f_str("version", readonly=True),
    f_str("notes"),
    f_str("dictionary", readonly=True),
    f_str("context"),
    f_int("accuracy"),
    f_str("outputObjectId"),
    f_str("partnerData"),
    f_enum("creationMode", "KalturaEntryVendorTaskCreationMode", readonly=True),
    f_obj("taskJobData", "KalturaVendorTaskData"),
    f_time("expectedFinishTime", readonly=True),
    f_enum("serviceType", "KalturaVendorServiceType", readonly=True),
    f_enum("serviceFeature", "KalturaVendorServiceFeature", readonly=True),
    f_enum("turnAroundTime", "KalturaVendorServiceTurnAroundTime", readonly=True),
    f_str("externalTaskId"),
    f_str("externalObjectId", insertonly=True),
)
list_response("KalturaEntryVendorTaskListResponse", "KalturaEntryVendorTask")
object_type(
    "KalturaEntryVendorTaskBaseFilter",
    "KalturaRelatedFilter",
    f_bigint("idEqual"),
    f_str("idIn"),
    f_str("idNotIn"),
    f_int("vendorPartnerIdEqual"),
    f_str("vendorPartnerIdIn"),
    f_time("createdAtGreaterThanOrEqual"),
    f_time("createdAtLessThanOrEqual"),
    f_time("updatedAtGreaterThanOrEqual"),
    f_time("updatedAtLessThanOrEqual"),
    f_time("queueTimeGreaterThanOrEqual"),
    f_time("queueTimeLessThanOrEqual"),
    f_time("finishTimeGreaterThanOrEqual"),
    f_time("finishTimeLessThanOrEqual"),
    f_str("entryIdEqual"),
    f_enum("statusEqual", "KalturaEntryVendorTaskStatus"),
    f_str("statusIn"),
    f_int("reachProfileIdEqual"),
    f_str("reachProfileIdIn"),
    f_int("catalogItemIdEqual"),
    f_str("catalogItemIdIn"),
    f_str("userIdEqual"),
    f_str("contextEqual"),
    f_time("expectedFinishTimeGreaterThanOrEqual"),
    f_time("expectedFinishTimeLessThanOrEqual"),
    f_enum("entryObjectTypeEqual", "KalturaEntryObjectType"),
    f_str("entryObjectTypeIn"),
    f_str("entryObjectTypeNotIn"),
)
object_type("KalturaEntryVendorTaskFilter", "KalturaEntryVendorTaskBaseFilter", f_str("freeText"))

# kaltura/server:plugins/reach/errors/KalturaReachErrors.php (reference §3.11)
ENTRY_VENDOR_TASK_NOT_FOUND = errors.define(
    "ENTRY_VENDOR_TASK_NOT_FOUND;ID;Entry vendor task item with id provided not found [@ID@]"
)
ENTRY_VENDOR_TASK_ITEM_COULD_NOT_BE_UPDATED = errors.define(
    "ENTRY_VENDOR_TASK_ITEM_COULD_NOT_BE_UPDATED;REASON;@REASON@"
)
ENTRY_VENDOR_TASK_ACTION_NOT_ALLOWED = errors.define(
    "ENTRY_VENDOR_TASK_ACTION_NOT_ALLOWED;ID,USER_ID;User id [@USER_ID@] is not allowed to do actions on "
    "entryVendorTask [@ID@]"
)
ENTRY_VENDOR_TASK_DUPLICATION = errors.define(
    "ENTRY_VENDOR_TASK_DUPLICATION;ENTRY_ID,CATALOG_ITEM_ID,VERSION;Entry vendor task already exists for entry "
    "[@ENTRY_ID@] and catalog item [@CATALOG_ITEM_ID@] and version [@VERSION@]"
)
VENDOR_TASK_SERVICE__GET_JOB_NOT_ALLOWED = errors.define(
    "VENDOR_TASK_SERVICE__GET_JOB_NOT_ALLOWED;ID;Vendor task service 'Get Job' action not allowed. Vendor partner Type "
    "is not enabled on partner [@ID@]"
)
CANNOT_UPDATE_STATUS_OF_TASK_WHICH_IS_IN_FINAL_STATE = errors.define(
    "CANNOT_UPDATE_STATUS_OF_TASK_WHICH_IS_IN_FINAL_STATE;ID,OLD_STATUS,NEW_STATUS;Cannot update status from "
    "[@OLD_STATUS@] to [@NEW_STATUS@] for task with id [@ID@], since task is in final status"
)
CANNOT_UPDATE_UNIT_USED_OF_TASK_WHICH_IS_IN_FINAL_STATE = errors.define(
    "CANNOT_UPDATE_UNIT_USED_OF_TASK_WHICH_IS_IN_FINAL_STATE;ID,OLD_UNITS_USED,NEW_UNITS_USED;Cannot update unitsUsed "
    "from [@OLD_UNITS_USED@] to [@NEW_UNITS_USED@] for task with id [@ID@], since task is in final state"
)
CANNOT_ABORT_NOT_MODERATED_TASK = errors.define(
    "CANNOT_ABORT_NOT_MODERATED_TASK;;Cannot abort task which is not pending moderation"
)
CANNOT_APPROVE_NOT_MODERATED_TASK = errors.define(
    "CANNOT_APPROVE_NOT_MODERATED_TASK;;Cannot approve task which is not pending moderation"
)
CANNOT_REJECT_NOT_MODERATED_TASK = errors.define(
    "CANNOT_REJECT_NOT_MODERATED_TASK;;Cannot reject task which is not pending moderation"
)
CANNOT_EXTEND_ACCESS_KEY = errors.define(
    "CANNOT_EXTEND_ACCESS_KEY;;Extending accessKey for non processing task is not allowed"
)
EXCEEDED_MAX_CREDIT_ALLOWED = errors.define(
    "EXCEEDED_MAX_CREDIT_ALLOWED;ENTRY_ID,CATALOG_ITEM_ID;Exceeded max credit allowed, task could not be added for "
    "entry [@ENTRY_ID@] and catalog item [@CATALOG_ITEM_ID@]"
)
CREDIT_EXPIRED = errors.define(
    "CREDIT_EXPIRED;ENTRY_ID,CATALOG_ITEM_ID;Credit cycle has expired, task could not be added for entry [@ENTRY_ID@] "
    "and catalog item [@CATALOG_ITEM_ID@]"
)
ENTRY_NOT_READY = errors.define(
    "ENTRY_NOT_READY;STATUS;Ordering task is not allowed for entries which is in status [@STATUS@]"
)
ENTRY_TYPE_NOT_SUPPORTED = errors.define(
    "ENTRY_TYPE_NOT_SUPPORTED;TYPE;Requesting tasks for entry type [@TYPE@] is not supported"
)
FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY = errors.define(
    "FEATURE_TYPE_NOT_SUPPORTED_FOR_ENTRY;FEATURE,ID;Requesting tasks of feature [@FEATURE@] for entry id [@ID@] is "
    "not supported"
)
PARTNER_DATA_NOT_VALID_JSON_STRING = errors.define(
    "PARTNER_DATA_NOT_VALID_JSON_STRING;;Partner data must be a valid json string"
)
CATALOG_ITEM_NOT_FOUND = errors.define("CATALOG_ITEM_NOT_FOUND;ID;Catalog item with id provided not found [@ID@]")
CATALOG_ITEM_NOT_ENABLED_FOR_ACCOUNT = errors.define(
    "CATALOG_ITEM_NOT_ENABLED_FOR_ACCOUNT;ID;Catalog item with id provided [@ID@], is not enabled on account level"
)
REACH_PROFILE_NOT_FOUND = errors.define("REACH_PROFILE_NOT_FOUND;ID;Reach profile with id provided not found [@ID@]")
ENTRY_TOO_SHORT = errors.define(
    "ENTRY_TOO_SHORT;ENTRY_ID;The entry [@ENTRY_ID@] is under the minimum duration limit, entry vendor task object "
    "wont be created for it"
)
