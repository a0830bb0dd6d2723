"""Issuing sessions for a partner: the one place that picks the KS version and signs with the admin secret."""

from __future__ import annotations

from typing import Any

from simulator import ks as kslib
from simulator.store import partners


def issue(
    partner: dict[str, Any],
    *,
    ks_type: int,
    user_id: str,
    privileges: str,
    expires_at: int,
) -> str:
    """A KS of the partner's configured version (`ksVersion` setting), signed with its first admin secret."""
    secret = partners.admin_secrets(partner)[0]
    make = kslib.issue_v1 if partners.setting(partner, "ksVersion") == 1 else kslib.issue_v2
    return make(partner["id"], secret, ks_type=ks_type, user_id=user_id, privileges=privileges, expires_at=expires_at)
