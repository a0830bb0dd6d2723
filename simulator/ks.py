"""Kaltura Session (KS) v1 and v2: issue, parse, verify, privileges.

Byte-compatible with the real server (`kSessionBase`, reference §2): a KS issued here is what the server would
write for the same fields and randomness, and every string the server accepts parses here to the same fields.
Pure functions, no Flask and no database: services look the partner's secrets and the kill list up themselves.

Typical use by the wire layer::

    pid = peek_partner(ks)                      # KsError(INVALID_STR) when undecodable
    info = parse(ks, secrets_of(pid) or ())     # no secrets = unknown partner = INVALID_STR, like the server
    check_validity(info, clock.now(), store.is_killed)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum
from urllib.parse import quote_plus, unquote_plus

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = [
    "ACCESS_KEY_MIN_LIFETIME",
    "BATCH_PARTNER_ID",
    "REACH_VENDOR_ROLE",
    "WIDGET_PRIVILEGES",
    "KsError",
    "KsInfo",
    "KsReason",
    "KsType",
    "Privileges",
    "access_key_lifetime",
    "access_key_privileges",
    "app_token_hash",
    "check_validity",
    "issue_v1",
    "issue_v2",
    "parse",
    "peek_partner",
    "session_id_key",
    "v2_carried_privileges",
]

BATCH_PARTNER_ID = -1  # batch sessions are never looked up in the kill list (tryToValidateKS)
WIDGET_PRIVILEGES = "view:*,widget:1"
REACH_VENDOR_ROLE = "REACH_VENDOR_ROLE"
ACCESS_KEY_MIN_LIFETIME = 7 * 86400  # VendorCatalogItem::getKsExpiry: "Minimum KS expiry should be set 7 days"

_V1_SEPARATOR = ";"
_V2_PREFIX = b"v2|"
_SHA1_SIZE = 20
_RANDOM_SIZE = 16
_AES_BLOCK = 16
_AES_IV = bytes(_AES_BLOCK)  # the server relies on the 16 random bytes instead of an IV
# Query fields of a v2 KS that are not privileges (kSessionBase::$fieldMapping).
_V2_EXPIRY, _V2_TYPE, _V2_USER, _V2_MASTER, _V2_DATA = "_e", "_t", "_u", "_m", "_d"
_V2_RESERVED = frozenset({_V2_EXPIRY, _V2_TYPE, _V2_USER, _V2_MASTER, _V2_DATA})
# PHP's parse_str rewrites names containing these (space/dot become "_", "[" starts an array, NUL truncates),
# so a privilege name holding one would come back under another name.
_V2_MANGLED_NAME_CHARS = frozenset(" .[\0")

_PHP_TRIM = " \t\n\r\0\x0b"  # what PHP's trim() strips; Python's strip() strips more
_INT_RE = re.compile(r"-?[0-9]+")
_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_B64_SPACE = str.maketrans("", "", "\t\n\r ")
_URLSAFE_TO_STD = str.maketrans("-_", "+/")

_APP_TOKEN_HASHES = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA512": "sha512"}


class KsType(IntEnum):
    """Session types the simulator issues. The server stores any int and treats every type >= 1 as admin;
    widget sessions are USER sessions with WIDGET_PRIVILEGES and an anonymous user."""

    USER = 0
    ADMIN = 2


class KsReason(Enum):
    """The server's KS sub-reasons (kSessionBase constants); the value is the numeric code."""

    INVALID_STR = -1
    INVALID_PARTNER = -2
    INVALID_USER = -3
    INVALID_TYPE = -4
    EXPIRED = -5
    LOGOUT = -6
    EXCEEDED_ACTIONS_LIMIT = -8
    EXCEEDED_RESTRICTED_IP = -9
    EXCEEDED_RESTRICTED_URI = -11


class KsError(Exception):
    """A KS refused for `reason`; becomes the API error INVALID_KS.

    `ksid` is what the server puts in the KSID slot: the KS itself when it could not be parsed or verified,
    "" for the ownership failure (INVALID_TYPE), and the sub-reason's name otherwise — because
    KalturaFrontController::getExceptionObject passes the sub-reason *as the KSID* and fixes the code to
    "-1,INVALID_STR", while @validateUser throws INVALID_KS("", -4, "INVALID_TYPE") directly.
    """

    def __init__(self, reason: KsReason, ks: str = "") -> None:
        self.reason = reason
        if reason is KsReason.INVALID_STR:
            self.ksid = ks
        elif reason is KsReason.INVALID_TYPE:
            self.ksid = ""
        else:
            self.ksid = reason.name
        super().__init__(self.message)

    def api_args(self) -> tuple[str, str, str]:
        """(KSID, ERR_CODE, ERR_DESC) exactly as the server fills the INVALID_KS arguments."""
        if self.reason is KsReason.INVALID_TYPE:
            return "", str(KsReason.INVALID_TYPE.value), KsReason.INVALID_TYPE.name
        return self.ksid, str(KsReason.INVALID_STR.value), KsReason.INVALID_STR.name

    @property
    def message(self) -> str:
        """The INVALID_KS message, template `Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"`."""
        ksid, code, desc = self.api_args()
        return f'Invalid KS "{ksid}", Error "{code},{desc}"'


@dataclass(frozen=True)
class Privileges:
    """A privilege string: comma-separated `name` or `name:value`, values joined by "/".

    Items keep their order and repeats (`edit:a,edit:b` is legal in v1 and both values count, as in
    kSessionBase::parsePrivileges). A lone `*` grants everything (ks::verifyPrivileges compares the whole string).
    """

    items: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def parse(cls, s: str) -> Privileges:
        if not s:
            return cls()
        items = []
        for item in s.split(","):
            name, _, value = item.partition(":")
            # An empty value ("edit:") carries no values, as PHP's strlen() check decides.
            items.append((name, tuple(value.split("/")) if value else ()))
        parsed = cls(tuple(items))
        # ":" writes back as "": privileges whose string form is empty are the empty privileges, so parsing the
        # string form always gives the same structure back.
        return parsed if str(parsed) else cls()

    def __str__(self) -> str:
        return ",".join(f"{name}:{'/'.join(values)}" if values else name for name, values in self.items)

    @property
    def is_wildcard(self) -> bool:
        return str(self) == "*"

    def has(self, name: str) -> bool:
        return any(item_name == name for item_name, _ in self.items)

    def values(self, name: str) -> tuple[str, ...]:
        """All values given to `name`, over every item with that name."""
        return tuple(value for item_name, values in self.items if item_name == name for value in values)

    def first(self, name: str) -> str | None:
        found = self.values(name)
        return found[0] if found else None

    def allows_entry(self, priv_name: str, entry_id: str) -> bool:
        """True when `priv_name` (edit, sview, download, disableentitlementforentry…) covers `entry_id`."""
        if self.is_wildcard:
            return True
        granted = self.values(priv_name)
        return entry_id in granted or "*" in granted

    @property
    def role(self) -> str | None:
        return self.first("setrole")

    @property
    def app_token_id(self) -> str | None:
        return self.first("apptoken")

    @property
    def session_id(self) -> str | None:
        return self.first("sessionid")


def session_id_key(partner_id: int, session_id: str) -> str:
    """Kill-list key of every session carrying `sessionid:<session_id>` (kSessionBase::buildSessionIdHash);
    the server records it to end all sessions of an app token at once."""
    return hashlib.sha1(f"{partner_id}_{session_id}".encode()).hexdigest()


@dataclass(frozen=True)
class KsInfo:
    """A verified KS. `fingerprint` is the server's own KS hash (v1: the signature, v2: the inner sha1), which
    is what its kill list records: it survives the re-encodings the server accepts (either base64 alphabet,
    missing padding), so a killed KS cannot be revived by re-encoding it."""

    version: int
    partner_id: int
    valid_until: int
    type: int
    user_id: str
    privileges: Privileges
    master_partner_id: int | None
    additional_data: str | None
    raw: str
    fingerprint: str

    @property
    def is_admin(self) -> bool:
        return self.type >= 1

    @property
    def is_anonymous(self) -> bool:
        return self.user_id in ("", "0")

    @property
    def is_widget(self) -> bool:
        # kSessionBase::isWidgetSession: a substring test on the raw privileges, kept as such.
        return self.type == KsType.USER and self.is_anonymous and "widget:1" in str(self.privileges)

    @property
    def kill_keys(self) -> tuple[str, ...]:
        """Keys to look up in the kill list: the KS itself, and its app-token session when it has one."""
        session_id = self.privileges.session_id
        if session_id is None:
            return (self.fingerprint,)
        return self.fingerprint, session_id_key(self.partner_id, session_id)


# ---------------------------------------------------------------------------------------------- decoding


def _php_b64decode(s: str) -> bytes | None:
    """kSessionBase::parseKS's `base64_decode(str_replace(['-','_'], ['+','/'], $ks), true)`.

    PHP's strict mode skips whitespace, accepts a missing padding, refuses a lone trailing character, a wrong
    padding or data after padding, and ignores the unused low bits of the last character — so this is looser
    than Python's b64decode in some places and stricter in others. None on failure.
    """
    body = s.translate(_URLSAFE_TO_STD).translate(_B64_SPACE)
    data = body.rstrip("=")
    padding = len(body) - len(data)
    if not set(data) <= _B64_ALPHABET:  # also catches "=" followed by data
        return None
    if len(data) % 4 == 1 or (padding and (padding > 2 or (len(data) + padding) % 4)):
        return None
    decoded = base64.b64decode(data + "=" * (-len(data) % 4))
    # `if (!$decodedKs)`: PHP treats "" and "0" as false.
    return None if decoded in (b"", b"0") else decoded


def _int(text: str | bytes) -> int:
    if isinstance(text, bytes):
        text = text.decode("ascii")
    if not _INT_RE.fullmatch(text):
        raise ValueError(f"not an integer: {text!r}")
    return int(text)


def _split(ks: str) -> tuple[int, int, bytes, bytes]:
    """(version, claimed partner id, v1 signature or b"", v1 info or v2 ciphertext); ValueError if malformed."""
    decoded = _php_b64decode(ks)
    if decoded is None:
        raise ValueError("not base64")
    if decoded.startswith(_V2_PREFIX):
        parts = decoded.split(b"|", 2)
        if len(parts) != 3:
            raise ValueError("v2 without partner/cipher separators")
        return 2, _int(parts[1]), b"", parts[2]
    signature, sep, info = decoded.partition(b"|")
    if not sep:
        raise ValueError("v1 without signature separator")
    fields = info.split(_V1_SEPARATOR.encode())
    if len(fields) < 3:  # parseKsV1 refuses fewer than 3 parts before looking the partner up
        raise ValueError("v1 with fewer than 3 fields")
    return 1, _int(fields[0]), signature, info


def peek_partner(ks: str) -> int:
    """The partner id a KS claims, unverified, so the caller can fetch that partner's admin secrets."""
    try:
        return _split(ks)[1]
    except ValueError as exc:
        raise KsError(KsReason.INVALID_STR, ks) from exc


def _secret_list(admin_secrets: str | Sequence[str]) -> list[str]:
    # The server stores a partner's admin secrets as one comma-separated string; accept that form too.
    secrets = admin_secrets.split(",") if isinstance(admin_secrets, str) else list(admin_secrets)
    return [secret for secret in secrets if secret]


def _aes(secret: str) -> Cipher[modes.CBC]:
    key = hashlib.sha1(secret.encode()).digest()[:16]
    return Cipher(algorithms.AES(key), modes.CBC(_AES_IV))


def _verify_v1(signature: bytes, info: bytes, secrets: list[str]) -> str:
    for secret in secrets:
        expected = hashlib.sha1(secret.encode() + info).hexdigest().encode()
        if hmac.compare_digest(expected, signature):
            return expected.decode()
    raise ValueError("v1 signature matches no admin secret")


def _verify_v2(ciphertext: bytes, secrets: list[str]) -> tuple[str, bytes]:
    """(fingerprint, fields) for the first secret whose decryption carries a matching sha1."""
    # openssl_decrypt without padding fails on a partial block, which ends as a hash mismatch on the server.
    if not ciphertext or len(ciphertext) % _AES_BLOCK:
        raise ValueError("v2 ciphertext is not whole AES blocks")
    for secret in secrets:
        decryptor = _aes(secret).decryptor()
        plain = (decryptor.update(ciphertext) + decryptor.finalize()).rstrip(b"\0")
        digest, fields = plain[:_SHA1_SIZE], plain[_SHA1_SIZE:]
        if hmac.compare_digest(digest, hashlib.sha1(fields).digest()):
            return digest.hex(), fields
    raise ValueError("v2 hash matches no admin secret")


def _php_urlencode(s: str) -> str:
    # PHP urlencode (used by http_build_query) also encodes "~", which Python's quote leaves alone.
    return quote_plus(s, safe="").replace("~", "%7E")


def _parse_query(query: str) -> dict[str, str]:
    """PHP parse_str for the flat queries a KS carries: later repeats win, a name alone has value ""."""
    fields: dict[str, str] = {}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        name = unquote_plus(name, errors="strict")
        if name:
            fields[name] = unquote_plus(value, errors="strict")
    return fields


def _v2_privilege_string(fields: dict[str, str]) -> str:
    """parseKsV2: each non-reserved field back to `name:value` or `name`; `all:*` alone means `*`."""
    items = [f"{name}:{value}" if value else name for name, value in fields.items() if name not in _V2_RESERVED]
    privileges = ",".join(items)
    return "*" if privileges == "all:*" else privileges


def _v2_privilege_fields(privileges: str) -> dict[str, str]:
    """generateKsV2: trimmed non-empty items, `*` stored as `all:*`, one field per name (a repeat overwrites)."""
    fields: dict[str, str] = {}
    for raw_item in privileges.split(","):
        item = raw_item.strip(_PHP_TRIM)
        if not item:
            continue
        if item == "*":
            item = "all:*"
        name, _, value = item.partition(":")
        if not name or name in _V2_RESERVED or _V2_MANGLED_NAME_CHARS & set(name):
            raise ValueError(f"privilege name {name!r} cannot be carried by a v2 KS")
        fields[name] = value
    return fields


def v2_carried_privileges(privileges: str) -> str:
    """The privilege string a v2 KS issued by the server with `privileges` reads back as.

    The v2 format is a map, so the server's generateKsV2 trims items, drops empty ones and keeps the last value
    of a repeated name. issue_v2 refuses privileges this changes; a service that wants the server's lossy
    behaviour issues `v2_carried_privileges(p)` instead. ValueError for names the format cannot carry at all.
    """
    return _v2_privilege_string(_v2_privilege_fields(privileges))


def _optional_int(text: str) -> int | None:
    return _int(text) if text else None


def _info_v1(ks: str, info: bytes, fingerprint: str) -> KsInfo:
    fields = info.decode("utf-8").split(_V1_SEPARATOR)
    # The server writes 9 fields, the official Python client 7; parseKsV1 needs 3 and leaves the rest unset.
    fields += [""] * (9 - len(fields))
    return KsInfo(
        version=1,
        partner_id=_int(fields[0]),
        valid_until=_int(fields[2]),
        type=_int(fields[3]) if fields[3] else KsType.USER.value,
        user_id=fields[5],
        privileges=Privileges.parse(fields[6]),
        master_partner_id=_optional_int(fields[7]),
        additional_data=fields[8] or None,
        raw=ks,
        fingerprint=fingerprint,
    )


def _info_v2(ks: str, partner_id: int, fields: bytes, fingerprint: str) -> KsInfo:
    query = _parse_query(fields[_RANDOM_SIZE:].decode("utf-8"))
    type_text = query.get(_V2_TYPE, "")
    return KsInfo(
        version=2,
        partner_id=partner_id,
        # A missing expiry is PHP null, and `null <= time()` holds: such a KS is always expired.
        valid_until=_int(query.get(_V2_EXPIRY, "0")),
        type=_int(type_text) if type_text else KsType.USER.value,
        user_id=query.get(_V2_USER, ""),
        privileges=Privileges.parse(_v2_privilege_string(query)),
        master_partner_id=_optional_int(query.get(_V2_MASTER, "")),
        additional_data=query.get(_V2_DATA) or None,
        raw=ks,
        fingerprint=fingerprint,
    )


def parse(ks: str, admin_secrets: str | Sequence[str]) -> KsInfo:
    """Verify `ks` against any of its partner's admin secrets (the signing key even for USER sessions).

    Raises KsError(INVALID_STR) — and nothing else — for undecodable input, a bad signature, or no secrets
    (an unknown partner). Fields the server writes as numbers must be numbers here.
    """
    try:
        version, partner_id, signature, payload = _split(ks)
        secrets = _secret_list(admin_secrets)
        if version == 1:
            return _info_v1(ks, payload, _verify_v1(signature, payload, secrets))
        fingerprint, fields = _verify_v2(payload, secrets)
        return _info_v2(ks, partner_id, fields, fingerprint)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise KsError(KsReason.INVALID_STR, ks) from exc


def _uri_allowed(allowed: str, request_uri: str) -> bool:
    # kSessionBase::isValidUriRestrict: "|"-separated URIs, exact match or prefix match with a trailing "*".
    for uri in allowed.split("|"):
        if request_uri == uri or (uri.endswith("*") and request_uri.startswith(uri[:-1])):
            return True
    return False


def check_validity(
    info: KsInfo,
    now: float,
    is_killed: Callable[[str], bool],
    *,
    remote_ip: str | None = None,
    request_uri: str | None = None,
) -> None:
    """The server's checks after parsing, in its order (isValidBase, then tryToValidateKS):
    expiry, IP restriction, URI restriction, then the kill list (`session.end`, REACH access key on READY).

    `is_killed` is asked about each of `info.kill_keys`. The IP and URI restrictions are checked only when the
    caller passes the request's address or URI. Raises KsError with the sub-reason.
    """
    if info.valid_until <= now:
        raise KsError(KsReason.EXPIRED)
    privileges = info.privileges
    if remote_ip is not None and privileges.has("iprestrict") and remote_ip not in privileges.values("iprestrict"):
        raise KsError(KsReason.EXCEEDED_RESTRICTED_IP)
    if (
        request_uri is not None
        and privileges.has("urirestrict")
        and not _uri_allowed("/".join(privileges.values("urirestrict")), request_uri)
    ):
        raise KsError(KsReason.EXCEEDED_RESTRICTED_URI)
    # Anyone can make a widget session and batch sessions are internal: the server never looks them up.
    if info.partner_id == BATCH_PARTNER_ID or info.is_widget:
        return
    if any(is_killed(key) for key in info.kill_keys):
        raise KsError(KsReason.LOGOUT)


# ---------------------------------------------------------------------------------------------- issuing


def _require_int(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return int(value)


def issue_v1(
    partner_id: int,
    admin_secret: str,
    *,
    ks_type: int,
    user_id: str = "",
    privileges: str | Privileges = "",
    expires_at: int,
    master_partner_id: int | None = None,
    additional_data: str | None = None,
    rand: str | None = None,
) -> str:
    """A v1 KS as generateKsV1 writes it: base64(sha1hex(secret + info) + "|" + info), 9 `;`-joined fields.

    `rand` is the fifth field (the server writes microtime(true)). ValueError for a value holding ";", which
    the format cannot carry (the server would silently shift the following fields).
    """
    if not admin_secret:
        raise ValueError("admin_secret is empty")
    if rand is None:
        rand = repr(round(time.time(), 4))
    texts = {"user_id": user_id, "privileges": str(privileges), "additional_data": additional_data or "", "rand": rand}
    for name, text in texts.items():
        if _V1_SEPARATOR in text:
            raise ValueError(f"{name} cannot contain {_V1_SEPARATOR!r} in a v1 KS: {text!r}")
    pid = _require_int("partner_id", partner_id)
    fields = [
        str(pid),
        str(pid),  # partner pattern
        str(_require_int("expires_at", expires_at)),
        str(_require_int("ks_type", ks_type)),
        rand,
        user_id,
        texts["privileges"],
        "" if master_partner_id is None else str(_require_int("master_partner_id", master_partner_id)),
        texts["additional_data"],
    ]
    info = _V1_SEPARATOR.join(fields).encode()
    signature = hashlib.sha1(admin_secret.encode() + info).hexdigest().encode()
    return base64.b64encode(signature + b"|" + info).decode("ascii")


def issue_v2(
    partner_id: int,
    admin_secret: str,
    *,
    ks_type: int,
    user_id: str = "",
    privileges: str | Privileges = "",
    expires_at: int,
    master_partner_id: int | None = None,
    additional_data: str | None = None,
    rand: bytes | None = None,
) -> str:
    """A v2 KS as generateKsV2 writes it: URL-safe base64 (padding kept) of `v2|pid|` + AES-128-CBC(key =
    sha1(secret)[:16], zero IV, zero padding) of sha1(rest) + rest, rest = 16 random bytes + query fields.

    `rand` is those 16 bytes. ValueError for privileges the v2 map would change (see v2_carried_privileges).
    """
    if not admin_secret:
        raise ValueError("admin_secret is empty")
    if rand is None:
        rand = os.urandom(_RANDOM_SIZE)
    if len(rand) != _RANDOM_SIZE:
        raise ValueError(f"rand must be {_RANDOM_SIZE} bytes")
    privilege_text = str(privileges)
    fields = _v2_privilege_fields(privilege_text)
    if _v2_privilege_string(fields) != privilege_text:
        raise ValueError(f"a v2 KS would carry {privilege_text!r} as {_v2_privilege_string(fields)!r}")
    fields[_V2_EXPIRY] = str(_require_int("expires_at", expires_at))
    fields[_V2_TYPE] = str(_require_int("ks_type", ks_type))
    fields[_V2_USER] = user_id
    # http_build_query leaves null fields out.
    if master_partner_id is not None:
        fields[_V2_MASTER] = str(_require_int("master_partner_id", master_partner_id))
    if additional_data is not None:
        fields[_V2_DATA] = additional_data
    query = "&".join(f"{_php_urlencode(name)}={_php_urlencode(value)}" for name, value in fields.items())
    rest = rand + query.encode()
    plain = hashlib.sha1(rest).digest() + rest
    plain += bytes(-len(plain) % _AES_BLOCK)
    encryptor = _aes(admin_secret).encryptor()
    ciphertext = encryptor.update(plain) + encryptor.finalize()
    header = f"v2|{_require_int('partner_id', partner_id)}|".encode()
    return base64.urlsafe_b64encode(header + ciphertext).decode("ascii")


# ---------------------------------------------------------------------------------------------- app tokens, REACH


def app_token_hash(ks: str, token: str, hash_type: str = "SHA1") -> str:
    """The `tokenHash` appToken.startSession expects: lowercase hex HASH(ks + token) (AppToken::calcHash)."""
    try:
        algorithm = _APP_TOKEN_HASHES[hash_type]
    except KeyError:
        raise ValueError(f"unknown app token hash type {hash_type!r}") from None
    return hashlib.new(algorithm, (ks + token).encode()).hexdigest()


def access_key_privileges(entry_id: str, moderated: bool) -> str:
    """Privileges of a REACH access key (VendorCatalogItem::getPrivileges), in the server's order."""
    # A separator or a wildcard in the id would widen the key beyond its entry.
    if not entry_id or entry_id == "*" or set(entry_id) & set(",/;"):
        raise ValueError(f"not an entry id: {entry_id!r}")
    privileges = (
        f"edit:{entry_id},setrole:{REACH_VENDOR_ROLE},disableentitlementforentry:{entry_id},"
        f"sview:{entry_id},download:{entry_id}"
    )
    return privileges + ",enablecaptionmoderation" if moderated else privileges


def access_key_lifetime(turn_around_time: int) -> int:
    """Seconds an access key lives: max(2 x the catalog item's raw turnAroundTime enum value, 7 days)."""
    return max(2 * turn_around_time, ACCESS_KEY_MIN_LIFETIME)
