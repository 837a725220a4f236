// Agent console: heartbeat, alerts on customers waiting live, the case list and its filters, a
// case's live transcript, replies, answers at hand and shortcuts. Text is only ever set with
// textContent, never as HTML; times and durations come from the server, in Paris time.
"use strict";

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
const PRIORITIES = { 1: "Urgent", 2: "Normal", 3: "Faible" };
const ROLES = { client: "Client", bot: "Assistant", agent: "Conseiller" };
const HEADINGS = { open: "Dossiers ouverts", closed: "Dossiers clos", all: "Tous les dossiers" };
const SOUND_KEY = "civette.console.sound";
const ALERTED_KEY = "civette.console.alerted";
const HEARTBEAT_MS = 20000; // the server counts an agent online for 45 s after a beat
const MAX_FAQ_SHOWN = 8;
// Counted for the browser tests (a sound cannot be heard there).
window.civetteConsole = { beeps: 0, notifications: 0 };

const caseElement = document.querySelector(".case");
const caseRows = document.getElementById("case-rows");
let baseTitle = document.title;

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.status === 401) { window.location = "/console/login"; throw new Error("logged out"); }
  return response.json();
}

function post(url, body) {
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// --- Online: a heartbeat while the page is visible or was used in the last 10 minutes ----------
// (an advisor working in another window keeps getting live cases, a forgotten tab stops).

const ACTIVE_MS = 10 * 60 * 1000;
let lastActivity = Date.now();
for (const event of ["keydown", "pointerdown", "focus"]) {
  window.addEventListener(event, () => { lastActivity = Date.now(); }, { passive: true });
}

function heartbeat() {
  if (document.visibilityState === "visible" || Date.now() - lastActivity < ACTIVE_MS) {
    post("/console/api/heartbeat").catch(() => {});
  }
}

// --- Alerts: title badge, sound, notification, banner ------------------------------------------

let audio = null;

function soundOn() { return localStorage.getItem(SOUND_KEY) !== "off"; }

function beep() {
  if (!soundOn()) return;
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
    window.civetteConsole.beeps += 1;
  } catch (e) { /* no sound on this browser: the title and the banner still tell */ }
}

function setUpAlertSettings() {
  const sound = document.getElementById("sound-toggle");
  const showSound = () => {
    sound.setAttribute("aria-pressed", String(soundOn()));
    sound.textContent = `Son des alertes : ${soundOn() ? "activé" : "désactivé"}`;
  };
  sound.addEventListener("click", () => {
    localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on");
    showSound();
  });
  showSound();
  // Browsers start sound only after a gesture on the page.
  document.addEventListener("pointerdown", () => audio?.resume(), { once: true });
  const notify = document.getElementById("notify-permission");
  const showNotify = () => {
    notify.hidden = !("Notification" in window) || Notification.permission !== "default";
  };
  notify.addEventListener("click", () => Notification.requestPermission().then(showNotify));
  showNotify();
}

function notifyOf(c) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const notification = new Notification(`Client en direct : dossier n° ${c.id}`,
    { body: `${c.reason}, ${c.state}`, tag: `civette-case-${c.id}` });
  notification.onclick = () => { window.focus(); window.location = `/console/cases/${c.id}`; };
  window.civetteConsole.notifications += 1;
}

function alertOnNew(waiting) {
  const alerted = JSON.parse(localStorage.getItem(ALERTED_KEY) || "[]");
  const fresh = waiting.filter((c) => !alerted.includes(c.id));
  if (fresh.length) {
    beep();
    fresh.forEach(notifyOf);
    localStorage.setItem(ALERTED_KEY, JSON.stringify([...alerted, ...fresh.map((c) => c.id)].slice(-100)));
  }
}

function showWaiting(waiting) {
  document.title = waiting.length ? `(${waiting.length}) ${baseTitle}` : baseTitle;
  alertOnNew(waiting);
  const banner = document.getElementById("waiting-banner");
  const others = caseRows ? [] : waiting.filter((c) => String(c.id) !== caseElement?.dataset.caseId);
  banner.replaceChildren(...others.map((c) => {
    const line = document.createElement("p");
    const link = document.createElement("a");
    link.href = `/console/cases/${c.id}`;
    link.textContent = `dossier n°\u00a0${c.id}`;
    line.append("Client en direct : ", link, ` (${c.reason}), ${c.state}`);
    return line;
  }));
  banner.hidden = others.length === 0;
}

// --- The case list -----------------------------------------------------------------------------

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function caseRow(c) {
  const row = document.createElement("tr");
  row.className = `priority-${c.priority}${c.status === "open" && c.mode === "live" ? " live" : ""}`;
  const link = document.createElement("a");
  link.href = `/console/cases/${c.id}`;
  link.textContent = `n°\u00a0${c.id}`;
  cell(row, "").appendChild(link);
  cell(row, PRIORITIES[c.priority] || String(c.priority));
  cell(row, c.reason);
  cell(row, c.state).className = c.waiting ? "waiting" : "";
  cell(row, c.mode === "live" ? "En direct" : `E-mail : ${c.contact_email || "adresse non indiquée"}`);
  cell(row, c.order_number ? `${c.order_number}${c.identity_verified ? " (vérifiée)" : ""}` : "—");
  cell(row, c.opened);
  return row;
}

function filters() {
  const form = document.getElementById("case-filters");
  return form ? new URLSearchParams(new FormData(form)) : new URLSearchParams({ mode: "live" });
}

async function refresh() {
  const error = document.getElementById("load-error");
  try {
    const { cases, waiting } = await getJson(`/console/api/cases?${filters()}`);
    showWaiting(waiting);
    if (!caseRows) return;
    caseRows.replaceChildren(...cases.map(caseRow));
    document.getElementById("no-cases").hidden = cases.length > 0;
    error.hidden = true;
  } catch (e) {
    if (!error) return;
    error.textContent = "Impossible de charger les dossiers ; nouvel essai dans quelques secondes.";
    error.hidden = false;
  }
}

function setUpFilters() {
  const form = document.getElementById("case-filters");
  let typing = null;
  const apply = () => {
    const params = filters();
    history.replaceState(null, "", `?${params}`);
    const heading = HEADINGS[params.get("status")] || HEADINGS.open;
    document.getElementById("list-title").textContent = heading;
    baseTitle = baseTitle.replace(/^[^·]*·/, `${heading} ·`);
    refresh();
  };
  form.addEventListener("change", apply);
  form.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(apply, 250); });
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
}

// --- A case: transcript, reply, answers at hand, shortcuts ---------------------------------------

let shownMessages = -1;

function messageItem(m) {
  const item = document.createElement("li");
  item.className = `message from-${m.role}`;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = m.role === "agent" ? m.agent || ROLES.agent : ROLES[m.role];
  const time = document.createElement("time");
  time.dateTime = m.at;
  time.textContent = m.time || "";
  const body = document.createElement("p");
  body.textContent = m.text;
  item.append(who, time, body);
  return item;
}

async function refreshTranscript(caseId) {
  const list = document.getElementById("transcript");
  const note = document.getElementById("transcript-note");
  try {
    const data = await getJson(`/console/api/cases/${caseId}/messages`);
    if (data.mode !== caseElement.dataset.mode || data.status !== caseElement.dataset.status) {
      window.location.reload(); // answered by email now, or closed by another advisor
      return;
    }
    const waitingFor = document.getElementById("waiting-for");
    if (waitingFor) waitingFor.textContent = data.waiting || "a reçu une réponse";
    note.hidden = data.live;
    note.textContent = data.live ? "" : "Assistant injoignable : transcription enregistrée lors du transfert.";
    if (data.messages.length === shownMessages) return;
    shownMessages = data.messages.length;
    list.replaceChildren(...data.messages.map(messageItem));
    list.lastElementChild?.scrollIntoView({ block: "nearest" });
  } catch (e) {
    note.textContent = "Connexion perdue ; nouvel essai dans quelques secondes.";
    note.hidden = false;
  }
}

function setUpReply(caseId) {
  const form = document.getElementById("reply-form");
  if (!form) return;
  const textarea = document.getElementById("reply-text");
  const error = document.getElementById("reply-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) return;
    const response = await post(`/console/api/cases/${caseId}/reply`, { text });
    if (response.ok) {
      textarea.value = "";
      error.hidden = true;
      refreshTranscript(caseId);
    } else {
      error.textContent = (await response.json()).error || "Message non envoyé.";
      error.hidden = false;
    }
    textarea.focus();
  });
}

const normalise = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function setUpAnswers() {
  const panel = document.querySelector(".answers");
  const box = document.querySelector("[data-reply-box]");
  if (!panel || !box) return;
  const search = document.getElementById("faq-search");
  const list = document.getElementById("faq-results");
  const entries = JSON.parse(document.getElementById("faq-data").textContent).map((e) => ({
    ...e, inQuestion: normalise(e.question), inText: normalise(`${e.section} ${e.id.replaceAll("_", " ")} ${e.chat}`),
  }));
  const topic = panel.dataset.topic;
  let shown = [];
  let selected = 0;

  const matches = () => {
    const words = normalise(search.value).split(/\s+/).filter(Boolean);
    if (!words.length) return [...entries].sort((a, b) => (b.id === topic) - (a.id === topic));
    return entries
      .filter((e) => words.every((w) => e.inQuestion.includes(w) || e.inText.includes(w)))
      .map((e) => [words.filter((w) => e.inQuestion.includes(w)).length, e])
      .sort((a, b) => b[0] - a[0])
      .map(([, e]) => e);
  };
  const render = () => {
    list.replaceChildren(...shown.map((e, index) => {
      const item = document.createElement("li");
      item.id = `faq-option-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(index === selected));
      item.textContent = e.question;
      item.addEventListener("click", () => insert(e));
      return item;
    }));
    search.setAttribute("aria-activedescendant", shown.length ? `faq-option-${selected}` : "");
  };
  const update = () => { shown = matches().slice(0, MAX_FAQ_SHOWN); selected = 0; render(); };
  const insertText = (text) => {
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n\n${text}` : text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  };
  const insert = (e) => insertText(e[box.dataset.register] || e.chat);

  search.setAttribute("role", "combobox");
  search.setAttribute("aria-expanded", "true");
  list.setAttribute("role", "listbox");
  search.addEventListener("input", update);
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      selected = (selected + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % Math.max(shown.length, 1);
      render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (shown[selected]) insert(shown[selected]);
    }
  });
  document.getElementById("insert-order")?.addEventListener("click", () =>
    insertText(JSON.parse(document.getElementById("order-answer").textContent)));
  update();
}

function setUpShortcuts() {
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches("[data-reply-box]")) {
      event.preventDefault();
      event.target.form.requestSubmit();
    } else if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) {
      const search = document.getElementById("faq-search");
      const close = document.getElementById("close-form");
      if (event.code === "KeyF" && search) {
        event.preventDefault();
        search.focus();
        search.select();
      } else if (event.code === "KeyC" && close) {
        event.preventDefault();
        close.requestSubmit();
      }
    }
  });
}

// --- Start -------------------------------------------------------------------------------------

if (csrfToken) {
  setUpAlertSettings();
  heartbeat();
  setInterval(heartbeat, HEARTBEAT_MS);
  document.addEventListener("visibilitychange", heartbeat);
  refresh();
  setInterval(refresh, 3000);
  if (caseRows) setUpFilters();
}
if (caseElement) {
  const caseId = caseElement.dataset.caseId;
  if (document.getElementById("transcript")) { // an email case shows its mail instead
    refreshTranscript(caseId);
    setInterval(() => refreshTranscript(caseId), 2000);
  }
  setUpReply(caseId);
  setUpAnswers();
  setUpShortcuts();
}
