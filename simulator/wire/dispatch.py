"""From merged request parameters to a result or a Kaltura error: single calls and multirequest.

Order of checks follows the real front controller: service and action exist, the KS (if any) is valid, a KS is
present where the action needs one, the caller may use the action, then the parameters are decoded.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response

from simulator import clock_triggers, faults, journal, permission_table, permissions
from simulator.api import RESPONSE_PROFILES, Action, Context, find_action
from simulator.journal import JournalEntry
from simulator.objects import errors
from simulator.objects.model import KObject
from simulator.request_facts import request_notes
from simulator.runtime import Simulator
from simulator.wire.decode import Decoder, php_int

log = logging.getLogger("reachsim")

_REFERENCE = re.compile(r"\{(\d+):result(?::([^}]*))?\}")
_INHERITED = ("ks", "clientTag", "partnerId")


@dataclass
class CallOutcome:
    result: Any
    action: Action | None
    ctx: Context | None
    fault: faults.Fault | None = None  # a registered fault that acts on this call's HTTP answer


def call(sim: Simulator, params: dict[str, Any], service_url: str, *, transport: bool = True) -> CallOutcome:
    """Run one API call; never raises: errors come back as the result. `transport=False` for the calls of a
    multirequest, whose HTTP answer they share."""
    started = time.perf_counter()
    ctx: Context | None = None
    action: Action | None = None
    service_name = str(params.get("service") or "")
    action_name = str(params.get("action") or "")
    fault: faults.Fault | None = None

    def record(result: Any) -> None:
        _journal(sim, params, service_name, action_name, ctx, result, time.perf_counter() - started, fault)

    journaled = False
    try:
        action = _lookup(service_name, action_name)
        ctx = _context(sim, params, service_url, action)
        # Faults act on calls that would reach their handler, so a refused KS never consumes one.
        fault = faults.meet(sim, "api", service_name, action_name, transport=transport)
        if fault is not None:
            _meet(fault)
        result = _invoke(ctx, action, params, record)
        journaled = action.atomic  # committed with the call: never written twice, even if what follows fails
        ctx.run_after_commit()
    except (errors.KalturaAPIError, faults.Refused) as exc:
        result = exc
    except Exception as exc:  # every other failure is still answered as Kaltura answers it
        log.exception("internal error in %s.%s", service_name, action_name)
        sim.record_error(exc)
        result = errors.INTERNAL_SERVERL_ERROR()
    if not journaled:
        # A refused or failed call rolled its transaction back (its entry with it), and a non-atomic handler
        # committed on its own: their entries get a transaction of their own.
        record(result)
    clock_triggers.after_call(sim, params, result)
    return CallOutcome(result, action, ctx, fault)


def _meet(fault: faults.Fault) -> None:
    fault.pause()
    if fault.effect == "status" and fault.status is not None:
        raise faults.Refused(fault.status)
    if (error := fault.api_error()) is not None:
        raise error


def _lookup(service_name: str, action_name: str) -> Action:
    if not service_name:
        raise errors.SERVICE_NOT_SPECIFIED()
    service, action = find_action(service_name, action_name)
    if service is None:
        raise errors.SERVICE_DOES_NOT_EXISTS(service_name)
    if not action_name:
        raise errors.ACTION_NOT_SPECIFIED()
    if action is None:
        raise errors.ACTION_DOES_NOT_EXISTS(action_name, service_name)
    return action


def _context(sim: Simulator, params: dict[str, Any], service_url: str, action: Action) -> Context:
    conn = sim.db.connection()
    ks_value = params.get("ks")
    ks_string = ks_value if isinstance(ks_value, str) else ""
    info, ks_partner = sim.resolve_session(conn, ks_string) if ks_string and action.ks != "none" else (None, None)
    partner_id = info.partner_id if info else _partner_param(params)
    client_tag = params.get("clientTag")
    profile = params.get("responseProfile")
    ctx = Context(
        sim=sim,
        conn=conn,
        ks=info,
        partner_id=partner_id,
        client_tag=client_tag if isinstance(client_tag, str) else None,
        service_url=service_url,
        response_profile=profile if isinstance(profile, dict) else None,
        ks_partner=ks_partner,
    )
    if action.ks == "required" and info is None:
        raise errors.MISSING_KS()
    if info is not None and not _partner_access_allowed(info.partner_id, _partner_param(params)):
        raise errors.SERVICE_FORBIDDEN(action.label)
    if info is not None and not permission_table.permitted(
        f"{action.service.id}.{action.name}", info, permissions.is_vendor_partner(ctx)
    ):
        raise errors.SERVICE_FORBIDDEN(action.label)
    if action.allow is not None and not action.allow(ctx):
        raise errors.SERVICE_FORBIDDEN(action.label)
    return ctx


def _partner_access_allowed(ks_partner: int, requested: int | None) -> bool:
    """myPartnerUtils::allowPartnerAccessPartner: a `partnerId` sent beside a KS must be the KS partner."""
    return requested is None or requested == ks_partner


def _partner_param(params: dict[str, Any]) -> int | None:
    raw = params.get("partnerId", params.get("p"))
    if raw is None or isinstance(raw, dict):
        return None
    return php_int(raw) or None


def _invoke(ctx: Context, action: Action, params: dict[str, Any], record: Callable[[Any], None]) -> Any:
    args = Decoder(ctx.now).action_arguments(action.params, params)
    if action.service.requires is not None:
        action.service.requires(ctx)
    if action.atomic:
        # One transaction per call: an error anywhere in the handler leaves nothing half-written, and the
        # journal entry commits with the writes it reports (one write transaction per call, not two).
        with ctx.sim.db.transaction():
            result = apply_response_profile(ctx, action.handler(ctx, **args))
            record(result)
    else:
        result = apply_response_profile(ctx, action.handler(ctx, **args))
    return result


def apply_response_profile(ctx: Context, result: Any) -> Any:
    profile = ctx.response_profile
    if not profile or not isinstance(result, KObject):
        return result
    reshape = RESPONSE_PROFILES.get(str(profile.get("systemName", "")))
    if reshape is None:
        reshape = _detached_profile(profile)
    if reshape is None:
        return result
    if result.is_a("KalturaListResponse") and isinstance(result.get("objects"), list):
        result["objects"] = [reshape(ctx, item) if isinstance(item, KObject) else item for item in result["objects"]]
        return result
    return reshape(ctx, result)


def _detached_profile(profile: dict[str, Any]):
    fields = {f.strip() for f in str(profile.get("fields", "")).split(",") if f.strip()}
    if not fields:
        return None
    include = php_int(profile.get("type", 1)) != 2

    def reshape(_ctx: Context, obj: KObject) -> KObject:
        names = {f.name for f in obj.type.fields()}
        obj.only_fields = frozenset(fields & names if include else names - fields)
        return obj

    return reshape


def _journal(
    sim: Simulator,
    params: dict[str, Any],
    service: str,
    action: str,
    ctx: Context | None,
    result: Any,
    elapsed: float,
    fault: faults.Fault | None = None,
) -> None:
    info = ctx.ks if ctx else (result.ks_info if isinstance(result, errors.KalturaAPIError) else None)
    notes = (dict(ctx.notes) if ctx else {}) | request_notes(params)
    if fault is not None:
        notes["fault"] = fault.stamp()
    outcome = result.code if isinstance(result, errors.KalturaAPIError | faults.Refused) else "OK"
    client_tag = params.get("clientTag")
    entry = JournalEntry.for_call(
        sim.db.connection(),
        info,
        partner_id=ctx.partner_id if ctx else None,
        task_id=notes.pop("task_id", None),
        time=sim.clock.now(),
        kind="api",
        service=service.lower() or None,
        action=action or None,
        client_tag=client_tag if isinstance(client_tag, str) else None,
        result=outcome,
        http_status=result.status if isinstance(result, faults.Refused) else 200,
        duration_ms=round(elapsed * 1000, 3),
        extra=notes or None,
    )
    journal.write(sim, entry)


def multirequest(sim: Simulator, params: dict[str, Any], service_url: str) -> list[Any]:
    """Sub-requests by ascending numeric key, stopping at the first without service/action."""
    keys = sorted((k for k in params if k.isdigit() and isinstance(params[k], dict)), key=int)
    results: list[Any] = []
    for key in keys:
        sub = dict(params[key])
        if not sub.get("service") or not sub.get("action"):
            break
        for name in _INHERITED:
            if name in params and name not in sub:
                sub[name] = params[name]
        try:
            sub = _resolve_references(sub, results)
        except _FailedReference as failed:
            results.append(failed.error)
            continue
        result = call(sim, sub, service_url, transport=False).result
        # A served file cannot be carried inside a multirequest answer: the simulator answers null for it.
        results.append(None if isinstance(result, Response) else result)
    return results


class _FailedReference(Exception):
    def __init__(self, error: errors.KalturaAPIError) -> None:
        super().__init__(error.message)
        self.error = error


def _resolve_references(value: Any, results: list[Any]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve_references(v, results) for k, v in value.items()}
    if not isinstance(value, str) or "{" not in value:
        return value

    def substitute(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if not 0 <= index < len(results):
            return match.group(0)
        target: Any = results[index]
        if isinstance(target, errors.KalturaAPIError):
            raise _FailedReference(target)
        for step in (match.group(2) or "").split(":"):
            if not step:
                continue
            target = _step(target, step)
        if isinstance(target, bool):
            return "1" if target else "0"
        return "" if target is None else str(target)

    return _REFERENCE.sub(substitute, value)


def _step(target: Any, step: str) -> Any:
    if isinstance(target, dict):
        return target.get(step)
    if isinstance(target, list) and step.isdigit() and int(step) < len(target):
        return target[int(step)]
    return None
