"""Certification scenarios as data: one JSON file per scenario beside this module.

A scenario names accounts of the demo seed (`customer`, `noHls`, `remotePackager`), the REACH profile fields to
set on each (`profiles`), entries whose media to corrupt (`corrupt`), the tasks to order with what must become of
each (`expect`: ready, error or aborted), the counted `faults` to register before the vendor starts
(docs/faults.md), a `script` of harness actions fired by what the vendor does (`listed`: its first getJobs;
`processing`: the task turned PROCESSING; `scheduled`: it turned SCHEDULED), `captions` the customer's own caption
assets to put on entries before ordering (`language`, `accuracy`: what a translation from source captions starts
from), `transcripts` the customer's own text transcripts likewise (what an alignment order names),
`mediaLanguages` the soundtrack language an entry's flavors declare (`language`), a task's `live` event (`startsIn`,
`lasts` seconds: a live entry with a live stream event the live caption order serves) and a real-time `timeout`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ACCOUNTS = ("customer", "noHls", "remotePackager")
EXPECTS = ("ready", "error", "aborted")
TRIGGERS = {"listed": ("abort",), "processing": ("advance",), "scheduled": ("advance",)}
DEFAULT_TIMEOUT = 45.0

PROTOCOL = (
    "hls-happy-path",
    "no-hls",
    "flavor-preference-later-match",
    "flavor-preference-first-match",
    "audio-only-preferred",
    "aborted-before-pickup",
    "corrupt-media",
    "metadata-extraction",
    "access-key-expiry",
    "two-customers",
)
# Each registers counted faults (`faults`, POST /__sim__/faults bodies) before the vendor starts.
RESILIENCE = (
    "fault-updatejob-5xx",
    "fault-playback-5xx",
    "fault-segment-dropped",
    "fault-mp4-truncated",
    "fault-slow-responses",
    "fault-delivery",
    "fault-vendor-session-expired",
    "fairness-backlogs",
)
QUALITY = ("ocr-quality",)
# `certify --service NAME`: the scenarios that order that service's catalog item (conformance/rules/services/).
SERVICES: dict[str, tuple[str, ...]] = {
    "captions": ("captions",),
    "translation": ("translation", "translation-machine-source"),
    "chaptering": ("chaptering",),
    "metadata": ("captions", "captions-metadata-off"),
    "extended_ad": ("extended-audio-description",),
    "alignment": ("alignment",),
    "live_caption": ("live-caption",),
    "language_check": ("captions-language-mismatch", "captions"),
    "dubbing": ("dubbing",),
    "audio_description": ("audio-description",),
}
# `full` certifies an OCR vendor (protocol, resilience, OCR quality): it orders the OCR item only, so a vendor is
# never asked for services it does not sell; `services` runs every other service's scenarios at once.
PROFILES: dict[str, tuple[str, ...]] = {
    "protocol": PROTOCOL,
    "resilience": RESILIENCE,
    "full": PROTOCOL + RESILIENCE + QUALITY,
    "services": tuple(dict.fromkeys(n for names in SERVICES.values() for n in names)),
}


class ScenarioError(ValueError):
    """A scenario file that does not say what the harness needs."""


@dataclass(frozen=True)
class TaskSpec:
    key: str
    account: str
    entry: int
    item: str
    expect: str
    live: dict[str, int] | None = None  # {"startsIn", "lasts"}: seconds from ordering, the live event's window


@dataclass(frozen=True)
class MediaLanguage:
    account: str
    entry: int
    language: str


@dataclass(frozen=True)
class SourceCaption:
    account: str
    entry: int
    language: str
    accuracy: int


@dataclass(frozen=True)
class Step:
    when: str
    task: str
    do: str
    seconds: float = 0.0


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    tasks: tuple[TaskSpec, ...]
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    corrupt: tuple[tuple[str, int], ...] = ()
    script: tuple[Step, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    faults: tuple[dict[str, Any], ...] = ()  # validated by the simulator when registered
    unseen: dict[str, float] | None = None  # {"count", "duration"}: clips from the unseen generator (quality)
    captions: tuple[SourceCaption, ...] = ()
    transcripts: tuple[SourceCaption, ...] = ()  # the same shape: a text transcript's language and accuracy
    media_languages: tuple[MediaLanguage, ...] = ()

    @property
    def expects_expiry(self) -> bool:
        return any(s.do == "advance" for s in self.script)


def _account(value: Any, where: str) -> str:
    if value not in ACCOUNTS:
        raise ScenarioError(f"{where}: account must be one of {', '.join(ACCOUNTS)}, not {value!r}")
    return str(value)


def parse(doc: dict[str, Any]) -> Scenario:
    name = doc.get("name")
    if not isinstance(name, str) or not name:
        raise ScenarioError("a scenario needs a name")
    tasks = []
    for spec in doc.get("tasks", []):
        if spec.get("expect") not in EXPECTS:
            raise ScenarioError(f"{name}: task {spec.get('key')!r} expect must be one of {', '.join(EXPECTS)}")
        live = spec.get("live")
        if live is not None and not (
            isinstance(live, dict) and all(_count(live.get(k)) for k in ("startsIn", "lasts"))
        ):
            raise ScenarioError(f'{name}: a task\'s live takes {{"startsIn": SECONDS, "lasts": SECONDS}}')
        tasks.append(
            TaskSpec(
                str(spec["key"]),
                _account(spec.get("account"), name),
                int(spec.get("entry", 0)),
                str(spec.get("item", "ocr")),
                spec["expect"],
                {k: int(live[k]) for k in ("startsIn", "lasts")} if live else None,
            )
        )
    unseen = doc.get("unseen")
    if unseen is not None and (
        not isinstance(unseen, dict) or not all(isinstance(unseen.get(k), int | float) for k in ("count", "duration"))
    ):
        raise ScenarioError(f'{name}: unseen must be {{"count": N, "duration": SECONDS}}')
    if not tasks and unseen is None:
        raise ScenarioError(f"{name}: no tasks")
    keys = {t.key for t in tasks}
    script = []
    for step in doc.get("script", []):
        if step.get("do") not in TRIGGERS.get(step.get("when"), ()) or step.get("task") not in keys:
            raise ScenarioError(f"{name}: script step {step} is not one of {TRIGGERS} on a known task")
        script.append(Step(step["when"], step["task"], step["do"], float(step.get("seconds", 0))))
    profiles = {_account(k, name): dict(v) for k, v in doc.get("profiles", {}).items()}
    corrupt = tuple((_account(c.get("account"), name), int(c.get("entry", 0))) for c in doc.get("corrupt", []))
    faults = doc.get("faults", [])
    if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
        raise ScenarioError(f"{name}: faults must be a list of fault objects (see docs/faults.md)")
    captions, transcripts = _sources(doc, "captions", name), _sources(doc, "transcripts", name)
    languages = []
    for spec in _listed(doc, "mediaLanguages", name):
        if not isinstance(spec.get("language"), str) or not _count(spec.get("entry", 0)):
            raise ScenarioError(f"{name}: a media language needs a language (string) and an entry index")
        languages.append(MediaLanguage(_account(spec.get("account"), name), spec.get("entry", 0), spec["language"]))
    return Scenario(
        name,
        str(doc.get("summary", "")),
        tuple(tasks),
        profiles,
        corrupt,
        tuple(script),
        float(doc.get("timeout", DEFAULT_TIMEOUT)),
        tuple(faults),
        {k: float(unseen[k]) for k in ("count", "duration")} if unseen else None,
        tuple(captions),
        tuple(transcripts),
        tuple(languages),
    )


def _sources(doc: dict[str, Any], key: str, name: str) -> list[SourceCaption]:
    """The customer's own captions or transcripts: a language and an accuracy per entry."""
    found = []
    for spec in _listed(doc, key, name):
        valid = isinstance(spec.get("language"), str) and _count(spec.get("accuracy")) and _count(spec.get("entry", 0))
        if not valid:
            raise ScenarioError(f"{name}: each of {key} needs a language (string), an accuracy and an entry index")
        found.append(
            SourceCaption(_account(spec.get("account"), name), spec.get("entry", 0), spec["language"], spec["accuracy"])
        )
    return found


def _listed(doc: dict[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(spec, dict) for spec in value):
        raise ScenarioError(f"{name}: {key} must be a list of objects")
    return value


def _count(value: Any) -> bool:
    """A whole number of zero or more (JSON true is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.json"))


def load(name: str) -> Scenario:
    path = HERE / f"{name}.json"
    if not path.is_file():
        raise ScenarioError(f"no scenario {name!r} (known: {', '.join(names())})")
    return parse(json.loads(path.read_text()))
