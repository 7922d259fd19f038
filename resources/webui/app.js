// Shoal's web UI: the qBittorrent Web API v2 that the daemon serves (the same API the
// *arr apps use): log in, list with live progress (sync/maindata deltas), add, pause,
// resume, remove, details.
"use strict";

const $ = (id) => document.getElementById(id);
const torrents = new Map();
let rid = 0;
let selected = null;
let timer = null;

function formatBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)) + " " + units[i];
}
const formatRate = (n) => (n > 0 ? formatBytes(n) + "/s" : "");

async function api(path, form) {
  const options = form ? { method: "POST", body: form } : { method: "GET" };
  options.credentials = "same-origin";
  const r = await fetch("api/v2/" + path, options);
  if (r.status === 403) { showLogin(); throw new Error("not logged in"); }
  if (!r.ok) throw new Error((await r.text()) || r.statusText);
  const type = r.headers.get("content-type") || "";
  return type.includes("json") ? r.json() : r.text();
}

function showLogin() {
  clearInterval(timer);
  timer = null;
  $("app").hidden = true;
  $("login").hidden = false;
}

function say(text, error) {
  $("message").textContent = text;
  $("message").className = error ? "error" : "";
}

async function login(event) {
  event.preventDefault();
  const form = new URLSearchParams();
  form.set("username", $("user").value);
  form.set("password", $("password").value);
  const r = await fetch("api/v2/auth/login", { method: "POST", body: form, credentials: "same-origin" });
  const text = await r.text();
  if (r.ok && text === "Ok.") {
    $("login-error").textContent = "";
    start();
  } else {
    $("login-error").textContent = r.status === 403 ? text : "Wrong user name or password.";
  }
}

function start() {
  $("login").hidden = true;
  $("app").hidden = false;
  rid = 0;
  torrents.clear();
  refresh();
  timer = setInterval(refresh, 1500);
}

async function refresh() {
  let data;
  try { data = await api("sync/maindata?rid=" + rid); } catch (e) { return; }
  if (data.full_update) torrents.clear();
  for (const [hash, t] of Object.entries(data.torrents || {}))
    torrents.set(hash, Object.assign(torrents.get(hash) || {}, t));
  for (const hash of data.torrents_removed || []) torrents.delete(hash);
  rid = data.rid;
  const s = data.server_state || {};
  $("rates").textContent = "↓ " + (formatRate(s.dl_info_speed) || "0 B/s") + "  ↑ " + (formatRate(s.up_info_speed) || "0 B/s");
  render();
}

function render() {
  const body = $("torrents").tBodies[0];
  const rows = [...torrents.entries()].sort((a, b) => a[1].added_on - b[1].added_on);
  body.replaceChildren(...rows.map(([hash, t]) => {
    const tr = document.createElement("tr");
    tr.dataset.hash = hash;
    if (hash === selected) tr.className = "selected";
    const cells = [t.name, formatBytes(t.size), null, t.state, formatRate(t.dlspeed), formatRate(t.upspeed), String(t.num_seeds + t.num_leechs)];
    for (const value of cells) {
      const td = document.createElement("td");
      if (value === null) {
        td.innerHTML = '<span class="bar"><div></div></span> ';
        td.firstChild.firstChild.style.width = (t.progress * 100).toFixed(1) + "%";
        td.append((t.progress * 100).toFixed(1) + "%");
      } else {
        td.textContent = value;
      }
      tr.append(td);
    }
    const actions = document.createElement("td");
    const paused = t.state.startsWith("paused") || t.state.startsWith("stopped");
    for (const [label, action] of [[paused ? "Start" : "Pause", paused ? "resume" : "pause"], ["Remove", "delete"]]) {
      const b = document.createElement("button");
      b.className = "small";
      b.textContent = label;
      b.dataset.action = action;
      actions.append(b);
    }
    tr.append(actions);
    return tr;
  }));
}

async function act(hash, action) {
  const form = new URLSearchParams();
  form.set("hashes", hash);
  if (action === "delete") {
    if (!confirm("Remove this torrent?")) return;
    form.set("deleteFiles", confirm("Also delete its downloaded files?") ? "true" : "false");
  }
  try { await api("torrents/" + action, form); refresh(); } catch (e) { say(e.message, true); }
}

async function showDetails(hash) {
  selected = hash;
  render();
  const t = torrents.get(hash);
  $("details").hidden = false;
  $("details-name").textContent = t.name;
  const general = { "Info-hash v1": t.infohash_v1, "Info-hash v2": t.infohash_v2, "Save path": t.save_path,
    "Downloaded": formatBytes(t.downloaded), "Uploaded": formatBytes(t.uploaded), "Ratio": t.ratio.toFixed(3) };
  $("details-general").replaceChildren(...Object.entries(general).flatMap(([k, v]) => {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v || "";
    return [dt, dd];
  }));
  try {
    const files = await api("torrents/files?hash=" + hash);
    $("details-files").tBodies[0].replaceChildren(...files.map((f) => {
      const tr = document.createElement("tr");
      for (const v of [f.name, formatBytes(f.size), (f.progress * 100).toFixed(1) + "%"]) {
        const td = document.createElement("td"); td.textContent = v; tr.append(td);
      }
      return tr;
    }));
    const trackers = await api("torrents/trackers?hash=" + hash);
    $("details-trackers").replaceChildren(...trackers.filter((x) => !x.url.startsWith("**")).map((x) => {
      const li = document.createElement("li"); li.textContent = x.url + (x.msg ? " — " + x.msg : ""); return li;
    }));
  } catch (e) { say(e.message, true); }
}

async function add(event) {
  event.preventDefault();
  const text = $("add-text").value.trim();
  if (!text) return;
  const form = new FormData();
  form.set("urls", text);
  try {
    await api("torrents/add", form);
    $("add-text").value = "";
    say("Added.");
    refresh();
  } catch (e) { say(e.message, true); }
}

async function upload() {
  const form = new FormData();
  for (const f of $("add-file").files) form.append("torrents", f, f.name);
  try { await api("torrents/add", form); say("Added."); refresh(); } catch (e) { say(e.message, true); }
  $("add-file").value = "";
}

$("login-form").addEventListener("submit", login);
$("add-form").addEventListener("submit", add);
$("add-file").addEventListener("change", upload);
$("torrents").addEventListener("click", (event) => {
  const tr = event.target.closest("tr[data-hash]");
  if (!tr) return;
  if (event.target.dataset.action) act(tr.dataset.hash, event.target.dataset.action);
  else showDetails(tr.dataset.hash);
});
api("app/version").then(start, showLogin);
