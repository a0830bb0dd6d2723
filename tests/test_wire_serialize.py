"""Serializer bytes against the reference shapes, and XML/JSON round trips of every declared object type."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulator.services  # noqa: F401  (registers every declared type)
from simulator.objects import errors
from simulator.objects.model import Field, KObject, all_types, get_enum, get_type
from simulator.wire.decode import MAX_RELATIVE_TIME, Decoder
from simulator.wire.params import normalise_json
from simulator.wire.serialize import json_document, json_value, xml_document, xml_value

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


def test_error_xml_matches_the_reference_shape() -> None:
    error = errors.INVALID_KS("EXPIRED", "-1", "INVALID_STR")
    assert xml_document(error, 0.0) == (
        '<?xml version="1.0" encoding="utf-8"?><xml><result><error><code>INVALID_KS</code>'
        '<message>Invalid KS "EXPIRED", Error "-1,INVALID_STR"</message><objectType>KalturaAPIException</objectType>'
        "<args><item><objectType>KalturaApiExceptionArg</objectType><name>KSID</name><value>EXPIRED</value></item>"
        "<item><objectType>KalturaApiExceptionArg</objectType><name>ERR_CODE</name><value>-1</value></item>"
        "<item><objectType>KalturaApiExceptionArg</objectType><name>ERR_DESC</name><value>INVALID_STR</value></item>"
        "</args></error></result><executionTime>0.0000</executionTime></xml>"
    )


def test_error_json_matches_the_reference_shape() -> None:
    assert json_document(errors.ENTRY_ID_NOT_FOUND("0_abc")) == (
        '{"code":"ENTRY_ID_NOT_FOUND","message":"Entry id \\"0_abc\\" not found",'
        '"objectType":"KalturaAPIException","args":{"ENTRY_ID":"0_abc"}}'
    )
    assert json.loads(json_document(errors.MISSING_KS()))["args"] == []
    assert errors.ACTION_DOES_NOT_EXISTS("x").message == 'Action "x" does not exists for service "N/A"'


def test_object_xml_writes_objecttype_first_and_nulls_as_empty_elements() -> None:
    pager = KObject("KalturaFilterPager", pageSize=30)
    # relatedObjects is a declared property of every KalturaObject: written empty when null (audit row 11).
    assert xml_value(pager) == (
        "<objectType>KalturaFilterPager</objectType><pageSize>30</pageSize><pageIndex></pageIndex>"
        "<relatedObjects></relatedObjects>"
    )


def test_object_json_omits_nulls_and_puts_objecttype_last() -> None:
    pager = KObject("KalturaFilterPager", pageSize=30, pageIndex=None)
    assert json_document(pager) == '{"pageSize":30,"objectType":"KalturaFilterPager"}'


def test_lists_and_maps() -> None:
    items = [KObject("KalturaString", value="a"), KObject("KalturaString", value="b")]
    assert xml_value(items) == (
        "<item><objectType>KalturaString</objectType><value>a</value><relatedObjects></relatedObjects></item>"
        "<item><objectType>KalturaString</objectType><value>b</value><relatedObjects></relatedObjects></item>"
    )
    mapped = {"k": KObject("KalturaString", value="v")}
    assert xml_value(mapped) == (
        "<item><itemKey>k</itemKey><objectType>KalturaString</objectType><value>v</value>"
        "<relatedObjects></relatedObjects></item>"
    )
    assert json_value(mapped) == {"k": {"value": "v", "objectType": "KalturaString"}}
    assert xml_value(True) == "1" and xml_value(False) == "0" and xml_value(1.5) == "1.5" and xml_value(2.0) == "2"
    assert xml_value("<&>") == "&lt;&amp;&gt;"


def _scalar(prop: Field) -> st.SearchStrategy[Any]:
    if prop.kind in ("int", "bigint"):
        return st.integers(-(2**53), 2**53)
    if prop.kind == "time":
        return st.one_of(st.just(0), st.integers(MAX_RELATIVE_TIME + 1, 2**40))
    if prop.kind == "float":
        return st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: abs(f) < 1e15)
    if prop.kind == "bool":
        return st.booleans()
    if prop.kind == "enum":
        enum = get_enum(prop.ref or "")
        assert enum is not None, prop
        if enum.name == "KalturaNullableBoolean":
            return st.booleans()
        if not enum.values:
            return st.from_regex(r"[A-Za-z]{1,8}\.[A-Z_]{1,8}", fullmatch=True) if enum.dynamic else st.nothing()
        return st.sampled_from(sorted(enum.values.values(), key=str))
    return TEXT


def _value(prop: Field, depth: int) -> st.SearchStrategy[Any]:
    if prop.kind in ("object", "array", "map"):
        target = get_type(prop.ref or "")
        if depth > 1 or target is None or target.abstract or prop.name == "relatedObjects":
            return st.nothing()
        one = _object(target.name, depth + 1)
        if prop.kind == "object":
            return one
        if prop.kind == "array":
            return st.lists(one, min_size=1, max_size=2)
        return st.dictionaries(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), one, min_size=1, max_size=2)
    return _scalar(prop)


def _object(type_name: str, depth: int = 0) -> st.SearchStrategy[KObject]:
    object_type = get_type(type_name)
    assert object_type is not None
    fields = [f for f in object_type.fields() if not (f.kind in ("object", "array", "map") and depth > 1)]
    values = st.fixed_dictionaries({}, optional={f.name: _value(f, depth) for f in fields})
    return values.map(lambda v: KObject(type_name, v))


CONCRETE = sorted(t.name for t in all_types() if not t.abstract)


def _normalise(value: Any, drop_empty: bool) -> Any:
    """Values as they compare after a trip: XML cannot tell an empty string or list from a null."""
    if isinstance(value, KObject):
        out = {}
        for key, inner in value.items():
            norm = _normalise(inner, drop_empty)
            if norm is None or (drop_empty and norm in ("", [], {})):
                continue
            out[key] = norm
        return (value.kaltura_type, out)
    if isinstance(value, list):
        return [_normalise(v, drop_empty) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v, drop_empty) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _xml_to_params(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    if children[0].tag == "item":
        if any(c.tag == "itemKey" for c in children[0]):
            return {c.find("itemKey").text: _xml_to_params(_without_key(c)) for c in children}  # type: ignore[union-attr]
        return {str(i): _xml_to_params(c) for i, c in enumerate(children)}
    return {c.tag: _xml_to_params(c) for c in children if (c.text or len(c))}


def _without_key(item: ET.Element) -> ET.Element:
    copy = ET.Element("item")
    copy.extend(c for c in item if c.tag != "itemKey")
    return copy


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(CONCRETE).flatmap(_object))
def test_every_declared_type_survives_json_and_xml_round_trips(obj: KObject) -> None:
    decoder = Decoder(lambda: 0.0)
    via_json = decoder.build_object(obj.kaltura_type, normalise_json(json.loads(json_document(obj))), "x")
    assert _normalise(via_json, False) == _normalise(obj, False)
    root = ET.fromstring(xml_document(obj, 0.0).encode())
    params = _xml_to_params(root.find("result"))  # type: ignore[arg-type]
    via_xml = decoder.build_object(obj.kaltura_type, params if isinstance(params, dict) else {}, "x")
    assert _normalise(via_xml, True) == _normalise(obj, True)


def test_task_xml_follows_the_captured_field_order() -> None:
    """The element order of a task as the reference's capture of the real serializer shows it."""
    task = KObject("KalturaEntryVendorTask", id=5001, partnerId=1001, status=1)
    task["relatedObjects"] = {"reach_vendor_profile": KObject("KalturaReachProfileListResponse", totalCount=0)}
    tags = [el.tag for el in ET.fromstring(f"<r>{xml_value(task)}</r>")]
    captured = [
        "objectType",
        "id",
        "partnerId",
        "vendorPartnerId",
        "createdAt",
        "updatedAt",
        "queueTime",
        "finishTime",
        "entryId",
        "status",
        "reachProfileId",
        "catalogItemId",
        "price",
        "userId",
    ]
    assert tags[: len(captured)] == captured
    assert tags[-1] == "relatedObjects"
    assert list(json.loads(json_document(task)))[-2:] == ["relatedObjects", "objectType"]


@given(st.integers(min_value=-(10**30), max_value=10**30), st.sampled_from(["int", "bigint", "time"]))
def test_integer_parameters_saturate_at_php_bounds(number: int, kind: str) -> None:
    """Numbers are read as PHP reads them (through a float), and none leaves the decoder past 64 bits."""
    decoded = Decoder(lambda: 0.0).cast_scalar(kind, str(number), "x")
    assert -(2**63) <= decoded <= 2**63 - 1
    if kind != "time":
        assert decoded == max(-(2**63), min(int(float(number)), 2**63 - 1))
