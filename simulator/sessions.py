"""Issuing sessions for a partner: the one place that picks the KS version and signs with the admin secret."""

from __future__ import annotations

from typing import Any

from simulator import ks as kslib
from simulator.store import partners

DEFAULT_KS_MAX_EXPIRY = 86400  # Partner::getKsMaxExpiryInSeconds when the partner has none


def max_expiry(partner: dict[str, Any]) -> int:
    """The partner's `ksMaxExpiry` setting: the longest session session.start and widget sessions may get."""
    return int(partners.setting(partner, "ksMaxExpiry") or DEFAULT_KS_MAX_EXPIRY)


def issue(
    partner: dict[str, Any],
    *,
    ks_type: int,
    user_id: str,
    privileges: str,
    expires_at: int,
) -> str:
    """A KS of the partner's configured version (`ksVersion` setting), signed with its first admin secret.

    A v2 KS carries privileges as a map, so they are issued as the server's generateKsV2 would store them
    (`v2_carried_privileges`). ValueError when the format cannot carry a field at all (`;` in a v1 field, a
    privilege name PHP's parse_str would rename); services answer START_SESSION_ERROR for it.
    """
    secret = partners.admin_secrets(partner)[0]
    if partners.setting(partner, "ksVersion") == 1:
        return kslib.issue_v1(
            partner["id"], secret, ks_type=ks_type, user_id=user_id, privileges=privileges, expires_at=expires_at
        )
    return kslib.issue_v2(
        partner["id"],
        secret,
        ks_type=ks_type,
        user_id=user_id,
        privileges=kslib.v2_carried_privileges(privileges),
        expires_at=expires_at,
    )
