// Agent console: live case list, live transcript, replies. Text is only ever set with
// textContent, never as HTML.
"use strict";

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
const ROLES = { client: "Client", bot: "Assistant", agent: "Conseiller" };
const PRIORITIES = { 1: "Urgent", 2: "Normal", 3: "Faible" };

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function waited(minutes) {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

async function refreshCases() {
  const rows = document.getElementById("case-rows");
  const error = document.getElementById("load-error");
  try {
    const response = await fetch("/console/api/cases", { credentials: "same-origin" });
    if (response.status === 401) { window.location = "/console/login"; return; }
    const { cases } = await response.json();
    rows.replaceChildren(...cases.map((c) => {
      const row = document.createElement("tr");
      row.className = `priority-${c.priority}`;
      const link = document.createElement("a");
      link.href = `/console/cases/${c.id}`;
      link.textContent = `n° ${c.id}`;
      cell(row, "").appendChild(link);
      cell(row, PRIORITIES[c.priority] || String(c.priority));
      cell(row, c.reason);
      cell(row, waited(c.age_minutes));
      cell(row, c.mode === "live" ? "En direct" : `E-mail : ${c.contact_email || ""}`);
      cell(row, c.order_number ? `${c.order_number}${c.identity_verified ? " (vérifiée)" : ""}` : "—");
      return row;
    }));
    document.getElementById("no-cases").hidden = cases.length > 0;
    error.hidden = true;
  } catch (e) {
    error.textContent = "Impossible de charger les dossiers ; nouvel essai dans quelques secondes.";
    error.hidden = false;
  }
}

let shownMessages = -1;

async function refreshTranscript(caseId) {
  const list = document.getElementById("transcript");
  const note = document.getElementById("transcript-note");
  try {
    const response = await fetch(`/console/api/cases/${caseId}/messages`, { credentials: "same-origin" });
    if (response.status === 401) { window.location = "/console/login"; return; }
    const { messages, live } = await response.json();
    note.hidden = live;
    note.textContent = live ? "" : "Assistant injoignable : transcription enregistrée lors du transfert.";
    if (messages.length === shownMessages) return;
    shownMessages = messages.length;
    list.replaceChildren(...messages.map((m) => {
      const item = document.createElement("li");
      item.className = `message from-${m.role}`;
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = m.role === "agent" && m.agent ? `${ROLES.agent} (${m.agent})` : ROLES[m.role];
      const time = document.createElement("time");
      time.dateTime = m.at;
      time.textContent = new Date(m.at).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
      const body = document.createElement("p");
      body.textContent = m.text;
      item.append(who, time, body);
      return item;
    }));
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
    const response = await fetch(`/console/api/cases/${caseId}/reply`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify({ text }),
    });
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
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
}

const caseElement = document.querySelector(".case");
if (caseElement) {
  const caseId = caseElement.dataset.caseId;
  if (document.getElementById("transcript")) { // an email case shows its mail instead
    refreshTranscript(caseId);
    setInterval(() => refreshTranscript(caseId), 2000);
  }
  setUpReply(caseId);
} else if (document.getElementById("case-rows")) {
  refreshCases();
  setInterval(refreshCases, 3000);
}
