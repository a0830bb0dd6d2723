// The entry page: Kaltura's web player, the "Captions & enrich" panel (order, follow, cancel) and the OCR results
// (timeline that seeks the player, boxes over the video, the WebVTT track). Talks only to the portal's own URLs.
(function () {
  "use strict";
  const app = document.getElementById("entry-app");
  if (!app) return;
  const cfg = app.dataset;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const POLL_MS = 2000;
  const OCR_LABEL = "On-screen text (OCR)";
  const TRASH_ICON =
    '<svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" ' +
    'stroke-width="2" stroke-linecap="round"><path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14M10 11v6M14 11v6"/></svg>';
  let player = null;
  let insight = null;

  // ------------------------------------------------------------------------------------------ player
  function setupPlayer() {
    if (typeof KalturaPlayer === "undefined" || !document.getElementById("player")) return;
    player = KalturaPlayer.setup({
      targetId: "player",
      provider: { partnerId: Number(cfg.partnerId), env: { serviceUrl: cfg.serviceUrl + "/api_v3", cdnUrl: cfg.serviceUrl } },
      playback: { muted: true, autoplay: false },
    });
    window.reachsimPlayer = player;
    player.addEventListener(player.Event.TIME_UPDATE, onTime);
    player.addEventListener(player.Event.TRACKS_CHANGED, showOcrTrack);
    // A delivered insight's WebVTT track goes in as external captions, shown by the player's own subtitle layer.
    const mediaOptions = cfg.hasInsight === "1" ? { captions: [ocrCaptions()] } : {};
    player.loadMedia({ entryId: cfg.entryId }, mediaOptions).catch((err) => {
      const stage = document.getElementById("stage");
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = "The player could not load this entry: " + (err && err.message ? err.message : err);
      stage.appendChild(p);
    });
    if (cfg.start !== "") playSegment(Number(cfg.start), cfg.end === "" ? null : Number(cfg.end));
  }

  let segmentEnd = null;
  // The player loads media on the first play(), so the seek waits for it to be ready.
  function playSegment(start, end) {
    if (!player) return;
    segmentEnd = end;
    player.play();
    player.ready().then(() => {
      player.currentTime = start;
      window.reachsimLastSeek = start;
    });
  }
  window.reachsimSeek = playSegment;

  function onTime() {
    const t = player.currentTime;
    if (segmentEnd !== null && t >= segmentEnd) {
      segmentEnd = null;
      player.pause();
    }
    drawBoxes(t);
    markRows(t);
  }

  function ocrCaptions() {
    return { url: new URL(cfg.vttUrl, location.href).href, type: "vtt", language: "en", label: OCR_LABEL, default: true };
  }

  function showOcrTrack() {
    const track = player.getTracks("text").find((t) => t.label === OCR_LABEL);
    if (track && !track.active) player.selectTrack(track);
  }

  // ------------------------------------------------------------------------------------------ results
  function activeItems(t) {
    if (!insight) return [];
    const found = [];
    for (const item of insight.ocr) {
      for (const inst of item.instances) {
        if (t >= inst.start && t < inst.end) found.push({ item, inst });
      }
    }
    return found;
  }

  function boxAt(item, inst, t) {
    let box = { left: item.left, top: item.top, width: item.width, height: item.height };
    for (const key of inst.boxes || []) if (key.t <= t) box = key;
    return box;
  }

  function drawBoxes(t) {
    const layer = document.getElementById("boxes");
    if (!layer || !insight) return;
    const video = player && player.getVideoElement ? player.getVideoElement() : null;
    const vw = (video && video.videoWidth) || insight.video.width;
    const vh = (video && video.videoHeight) || insight.video.height;
    const w = layer.clientWidth, h = layer.clientHeight;
    const scale = Math.min(w / vw, h / vh);
    const ox = (w - vw * scale) / 2, oy = (h - vh * scale) / 2;
    // Boxes are in pixels of the analysed frame; scale them to the displayed picture.
    const sx = scale * vw / insight.video.width, sy = scale * vh / insight.video.height;
    layer.replaceChildren();
    for (const { item, inst } of activeItems(t)) {
      const b = boxAt(item, inst, t);
      const div = document.createElement("div");
      div.className = "box";
      div.style.left = ox + b.left * sx + "px";
      div.style.top = oy + b.top * sy + "px";
      div.style.width = b.width * sx + "px";
      div.style.height = b.height * sy + "px";
      const label = document.createElement("span");
      label.textContent = item.text;
      div.appendChild(label);
      layer.appendChild(div);
    }
  }

  function clock(s) {
    const m = Math.floor(s / 60);
    return m + ":" + (s - m * 60).toFixed(2).padStart(5, "0");
  }

  function renderTimeline() {
    const body = document.querySelector("#timeline tbody");
    const rows = [];
    for (const item of insight.ocr) for (const inst of item.instances) rows.push({ item, inst });
    rows.sort((a, b) => a.inst.start - b.inst.start);
    body.replaceChildren();
    for (const { item, inst } of rows) {
      const tr = document.createElement("tr");
      tr.dataset.start = inst.start;
      tr.dataset.end = inst.end;
      const seek = document.createElement("button");
      seek.type = "button";
      seek.className = "seek";
      seek.textContent = clock(inst.start);
      seek.addEventListener("click", () => playSegment(inst.start, inst.end));
      const cells = [seek, clock(inst.end), item.text, Math.round(item.confidence * 100) + "%"];
      for (const c of cells) {
        const td = document.createElement("td");
        if (typeof c === "string") td.textContent = c; else td.appendChild(c);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    document.getElementById("results").hidden = false;
  }

  function markRows(t) {
    for (const tr of document.querySelectorAll("#timeline tbody tr")) {
      tr.classList.toggle("now", t >= Number(tr.dataset.start) && t < Number(tr.dataset.end));
    }
  }

  async function loadInsight() {
    const answer = await fetch(cfg.insightUrl, { headers: { Accept: "application/json" } });
    if (!answer.ok) return;
    const body = await answer.json();
    if (!body.insight) return;
    insight = body.insight;
    renderTimeline();
  }

  // ------------------------------------------------------------------------------------------ requests panel
  const list = document.getElementById("requests");
  const message = document.getElementById("order-message");

  function say(text, bad) {
    message.textContent = text;
    message.classList.toggle("bad", !!bad);
  }

  function when(epoch) {
    return epoch ? new Date(epoch * 1000).toLocaleString() : "—";
  }

  function requestItem(r) {
    const li = document.createElement("li");
    li.dataset.taskId = r.id;
    const feature = document.createElement("span");
    feature.className = "feature";
    feature.textContent = r.feature;
    const status = document.createElement("span");
    status.className = "status status-" + r.status;
    status.textContent = r.status;
    const info = document.createElement("button");
    info.type = "button";
    info.className = "icon info";
    info.title = "Details";
    info.setAttribute("aria-label", "Details of request " + r.id);
    info.textContent = "ⓘ";
    const details = document.createElement("dl");
    details.className = "details";
    details.hidden = true;
    const facts = [
      ["Request", r.id], ["Service", r.catalogItem], ["Vendor partner", r.vendorPartnerId],
      ["Ordered", when(r.createdAt)], ["Sent to vendor", when(r.queueTime)], ["Finished", when(r.finishTime)],
      ["Due", when(r.expectedFinishTime)],
    ];
    if (r.accuracy !== null && r.accuracy !== undefined) facts.push(["Accuracy", r.accuracy + "%"]);
    if (r.errDescription) facts.push([r.status === "Error" ? "Error" : "Note", r.errDescription]);
    for (const [k, v] of facts) {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v === null || v === undefined || v === "" ? "—" : String(v);
      details.append(dt, dd);
    }
    // Hovering shows the details, a click keeps them open (touch screens have no hover).
    let pinned = false;
    info.addEventListener("mouseenter", () => (details.hidden = false));
    info.addEventListener("mouseleave", () => (details.hidden = !pinned));
    info.addEventListener("click", () => {
      pinned = !pinned;
      details.hidden = !pinned;
    });
    li.append(feature, status, info);
    if (r.status !== "Aborted" && r.status !== "Ready" && r.status !== "Error" && r.status !== "Rejected") {
      const trash = document.createElement("button");
      trash.type = "button";
      trash.className = "icon cancel";
      trash.title = "Cancel request";
      trash.setAttribute("aria-label", "Cancel request " + r.id);
      trash.innerHTML = TRASH_ICON;
      trash.addEventListener("click", () => confirmCancel(r));
      li.appendChild(trash);
    }
    li.appendChild(details);
    return li;
  }

  let lastSignature = "";
  async function refresh() {
    const answer = await fetch(cfg.requestsUrl, { headers: { Accept: "application/json" } });
    if (!answer.ok) return;
    const body = await answer.json();
    const signature = JSON.stringify(body.requests);
    if (signature !== lastSignature) {
      lastSignature = signature;
      list.replaceChildren(...(body.requests.length ? body.requests.map(requestItem) : [emptyItem()]));
    }
    const ready = body.requests.some((r) => r.feature === "OCR" && r.status === "Ready");
    if (ready && !insight) await loadInsight();
  }

  function emptyItem() {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "No requests yet.";
    return li;
  }

  async function post(url, data) {
    const answer = await fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      body: data || new FormData(),
    });
    let body = {};
    try { body = await answer.json(); } catch (e) { body = { error: "Unexpected answer (" + answer.status + ")" }; }
    return { ok: answer.ok, body };
  }

  document.getElementById("order-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, body } = await post(cfg.orderUrl, new FormData(event.target));
    say(ok ? body.message : body.error, !ok);
    refresh();
  });

  const modal = document.getElementById("confirm");
  let cancelTarget = null;
  function confirmCancel(r) {
    cancelTarget = r;
    document.getElementById("confirm-text").textContent = "Cancel the " + r.feature + " request " + r.id + "?";
    modal.hidden = false;
    document.getElementById("confirm-yes").focus();
  }
  document.getElementById("confirm-no").addEventListener("click", () => (modal.hidden = true));
  document.getElementById("confirm-yes").addEventListener("click", async () => {
    modal.hidden = true;
    const url = cfg.cancelUrl.replace("/0/", "/" + cancelTarget.id + "/");
    const { ok, body } = await post(url);
    say(ok ? body.message : body.error, !ok);
    refresh();
  });

  setupPlayer();
  refresh();
  setInterval(refresh, POLL_MS);
})();
