"""The portal in Debian's Chromium (Playwright, no browser download) against the live simulator and the reference
vendor: Kaltura's own web player plays a demo entry, also from a page of another origin; order OCR → Ready without
a reload → the timeline seeks the player → search finds the text and plays it; cancel and its refusal; a second
partner sees nothing of the first. Each page is saved as a screenshot under artifacts/portal/ (REACHSIM_ARTIFACTS)."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ocr_delivery import take

from simulator.portal.requests import CANCEL_REFUSED, ORDER_CONFIRMATION
from simulator.portal.views import PLAYER_BUNDLE
from simulator.seeds.demo import demo_secret
from vendor.client import Client, Credentials, RetryPolicy
from vendor.worker import Options, Runner, Vendor

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = Path(os.environ.get("REACHSIM_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")) / "portal"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WAIT_MS = 30_000

needs_player = pytest.mark.skipif(
    not PLAYER_BUNDLE.is_file(), reason="Kaltura's player bundle is absent: ./dev fetches it with npm pack"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian's chromium is not installed (./dev installs it)")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    yield opened
    context.close()


def shot(page: Any, name: str) -> None:
    """Save the page as an artifact, after checking it fits the window's width (usable without sideways scrolling,
    at 1280x800 and on a phone)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (name, width)


def sign_in_demo(page: Any, url: str) -> None:
    page.goto(f"{url}/portal/signin")
    shot(page, "signin")
    page.click("#demo-signin")
    page.wait_for_url(re.compile(r".*/portal/entries$"))


def wait_playing(page: Any, player: str = "window.reachsimPlayer") -> float:
    """Play through Kaltura's player API until its `playing` event, then return the time it reached."""
    page.wait_for_function(f"!!{player}", timeout=WAIT_MS)
    page.evaluate(
        f"""() => new Promise((done) => {{
            const p = {player};
            p.addEventListener(p.Event.PLAYING, () => {{ window.reachedPlaying = true; done(); }});
            p.muted = true; p.play();
        }})"""
    )
    page.wait_for_function(f"window.reachedPlaying && {player}.currentTime > 0.5", timeout=WAIT_MS)
    return float(page.evaluate(f"{player}.currentTime"))


@pytest.fixture
def vendor_running(reachsim: Any) -> Iterator[Runner]:
    """The reference vendor polling the simulator every half second, in this process."""
    seed = reachsim.seed()
    creds = Credentials(reachsim.url, seed["vendorPartnerId"], seed["vendorName"], secret=seed["vendorSecret"])
    runner = Runner(
        Vendor(Client(creds, retry=RetryPolicy(attempts=2, base=0.05)), ocr_mode="fast"),
        Options(workers=1, poll_interval=0.5),
    )
    thread = threading.Thread(target=runner.run, name="reference-vendor", daemon=True)
    thread.start()
    yield runner
    runner.stopping.set()
    thread.join(timeout=60)


@needs_player
def test_kaltura_player_plays_in_the_portal_and_on_another_origin(reachsim, page, tmp_path):
    seed = reachsim.seed()
    sign_in_demo(page, reachsim.url)
    page.wait_for_function(
        "[...document.querySelectorAll('#entries img.thumb')].every(i => i.complete && i.naturalWidth > 0)"
    )
    assert page.locator("#entries img.thumb").count() == len(seed["entryIds"])
    assert page.locator("#entries .meta .state").first.inner_text() == "Not ordered"
    shot(page, "entries")
    page.goto(f"{reachsim.url}/portal/entries/{seed['entryIds'][0]}")
    assert wait_playing(page) > 0.5
    shot(page, "entry-player")

    # A customer's own site: another origin (another port) embedding the player pointed at the simulator.
    (tmp_path / "embed.html").write_text(
        f"""<!doctype html><html><body><div id="p" style="width:640px;height:360px"></div>
<script src="{reachsim.url}/portal/static/player/kaltura-ovp-player.js"></script>
<script>
  window.embedded = KalturaPlayer.setup({{targetId: "p", provider: {{partnerId: {seed["partnerId"]},
    env: {{serviceUrl: "{reachsim.url}/api_v3", cdnUrl: "{reachsim.url}"}}}}, playback: {{muted: true}}}});
  window.embedded.loadMedia({{entryId: "{seed["entryIds"][1]}"}});
</script></body></html>"""
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/embed.html")
        page.evaluate("window.reachedPlaying = false")
        assert wait_playing(page, "window.embedded") > 0.5
        shot(page, "other-origin-player")
    finally:
        site.shutdown()
    widget_calls = [e for e in reachsim.journal() if (e.get("client_tag") or "").startswith("html5:")]
    assert {(e["service"], e["action"]) for e in widget_calls} >= {
        ("session", "startWidgetSession"),
        ("baseentry", "list"),
        ("baseentry", "getPlaybackContext"),
        ("metadata_metadata", "list"),
    }
    assert all(e["result"] == "OK" for e in widget_calls)


@needs_player
def test_order_ocr_to_ready_then_seek_and_search(reachsim, page, vendor_running):
    seed = reachsim.seed()
    entry_id = seed["entryIds"][0]
    sign_in_demo(page, reachsim.url)
    page.goto(f"{reachsim.url}/portal/entries/{entry_id}")
    page.select_option("#feature", label="OCR")
    page.click("#order-button")
    page.wait_for_selector(f"#order-message:has-text('{ORDER_CONFIRMATION}')")
    page.wait_for_selector("#requests .status-Ready", timeout=120_000)  # polled, no reload
    rows = page.locator("#timeline tbody tr")
    rows.first.wait_for()
    shot(page, "entry-ready-timeline")

    start, end = float(rows.first.get_attribute("data-start")), float(rows.first.get_attribute("data-end"))
    rows.first.locator("button.seek").click()
    # The segment plays from its start and pauses at its end: the player's time stays inside it.
    page.wait_for_function(f"window.reachsimLastSeek === {start} && window.reachsimPlayer.currentTime > 0")
    page.wait_for_selector("#boxes .box")
    position = float(page.evaluate("window.reachsimPlayer.currentTime"))
    assert start - 0.3 <= position <= end + 0.3
    shot(page, "entry-seek-boxes")
    for link in ("#dl-reachsim", "#dl-azure", "#dl-vtt"):
        answer = page.request.get(reachsim.url + page.locator(link).get_attribute("href"))
        assert answer.ok, link
    assert page.request.get(reachsim.url + page.locator("#dl-vtt").get_attribute("href")).text().startswith("WEBVTT")
    azure = page.request.get(reachsim.url + page.locator("#dl-azure").get_attribute("href")).json()
    assert azure["ocr"] and re.match(r"\d+:\d\d:\d\d", azure["ocr"][0]["instances"][0]["start"])

    text = rows.first.locator("td").nth(2).inner_text()
    page.goto(f"{reachsim.url}/portal/search?q={text.split()[0]}")
    hit = page.locator("#hits a.play-hit").first
    hit.wait_for()
    shot(page, "search")
    page.set_viewport_size(PHONE)
    shot(page, "search-phone")
    page.set_viewport_size(DESKTOP)
    hit.click()
    page.wait_for_url(re.compile(rf".*/portal/entries/{entry_id}\?t=.*"))
    page.wait_for_function("window.reachsimLastSeek !== undefined && window.reachsimPlayer.currentTime > 0")
    wanted = float(re.search(r"[?&]t=([0-9.]+)", page.url).group(1))
    assert abs(float(page.evaluate("window.reachsimLastSeek")) - wanted) < 0.01
    shot(page, "search-played")


def test_cancel_a_pending_request_and_the_refusal_in_progress(reachsim, page):
    seed = reachsim.seed()
    sign_in_demo(page, reachsim.url)
    entry_id = seed["entryIds"][2]
    page.goto(f"{reachsim.url}/portal/entries/{entry_id}")
    page.click("#order-button")
    page.wait_for_selector("#requests .status-Pending")
    page.click("#requests button.cancel")
    page.wait_for_selector("#confirm:not([hidden])")
    shot(page, "cancel-confirm")
    page.click("#confirm-yes")
    page.wait_for_selector("#requests .status-Aborted")

    page.click("#order-button")
    page.wait_for_selector("#requests .status-Pending")
    task_id = page.locator("#requests li:has(.status-Pending)").get_attribute("data-task-id")
    take(reachsim.url, seed, task_id)
    page.wait_for_selector("#requests .status-Processing")
    page.click(f"#requests li[data-task-id='{task_id}'] button.cancel")
    page.click("#confirm-yes")
    page.wait_for_selector(f"#order-message:has-text('{CANCEL_REFUSED}')")
    page.locator(f"#requests li[data-task-id='{task_id}'] button.info").click()
    details = page.locator(f"#requests li[data-task-id='{task_id}'] .details")
    details.wait_for()
    assert str(seed["vendorPartnerId"]) in details.inner_text() and "Sent to vendor" in details.inner_text()
    shot(page, "cancel-refused")


def test_rules_page_orders_ocr_for_an_entry_added_to_a_category(reachsim, page):
    seed = reachsim.seed()
    sign_in_demo(page, reachsim.url)
    page.goto(f"{reachsim.url}/portal/rules")
    page.fill("input[name=name]", "Lectures")
    page.click("text=Add category")
    page.select_option("select[name=catalogItemId]", label="OCR")
    page.click("text=Save rule")
    page.wait_for_selector("#rules:has-text('Lectures')")
    page.select_option("form[action$='/rules/assign'] select[name=entryId]", seed["entryIds"][1])
    page.click("text=Add to category")
    page.wait_for_selector(".message:has-text('Entry added to the category.')")
    shot(page, "rules")
    page.goto(f"{reachsim.url}/portal/entries/{seed['entryIds'][1]}")
    page.wait_for_selector("#requests .status-Pending")


def test_a_second_partner_sees_none_of_the_first_ones_entries(reachsim, browser):
    seed = reachsim.seed()
    other = seed["accounts"]["noHls"]
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    phone.set_default_timeout(WAIT_MS)
    phone.goto(f"{reachsim.url}/portal/signin")
    phone.fill("input[name=partnerId]", str(other["partnerId"]))
    phone.fill("input[name=secret]", demo_secret(other["partnerId"], "admin"))
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r".*/portal/entries$"))
    shown = phone.locator("#entries [data-entry-id]").evaluate_all("links => links.map(a => a.dataset.entryId)")
    assert shown == [other["entryId"]]
    shot(phone, "second-partner-entries-phone")
    assert phone.goto(f"{reachsim.url}/portal/entries/{seed['entryIds'][0]}").status == 404
    phone.goto(f"{reachsim.url}/portal/entries/{other['entryId']}")
    phone.wait_for_selector("#order-button")
    shot(phone, "second-partner-entry-phone")
    phone.goto(f"{reachsim.url}/portal/search?q=slide")
    assert phone.locator("#hits a.play-hit").count() == 0
    shot(phone, "second-partner-search-phone")
    phone.goto(f"{reachsim.url}/portal/rules")
    shot(phone, "second-partner-rules-phone")
    context.close()
