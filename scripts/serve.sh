#!/usr/bin/env bash
# Starts every service of the assistant on localhost and stops them all on Ctrl-C.
#   action server  127.0.0.1:${ACTIONS_PORT:-5055}  (answers Rasa only: shared secret)
#   Rasa           127.0.0.1:${RASA_PORT:-5005}  (REST, socket.io and the HTTP API, token-protected)
#   web pages      :${CIVETTE_WEB_PORT:-8000}  (demo shop with the widget, agent console)
#   email triage   `civette mail poll`, when a mailbox is configured (IMAP_HOST)
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
export CIVETTE_WEB_PORT=${CIVETTE_WEB_PORT:-8000}
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
export CIVETTE_ALLOWED_ORIGINS=${CIVETTE_ALLOWED_ORIGINS:-"http://localhost:$CIVETTE_WEB_PORT http://127.0.0.1:$CIVETTE_WEB_PORT"}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
mkdir -p var

# Local secrets, generated once and never committed (var/, readable by this user only): the
# HTTP API token, the action server's secret and the demo agent's password.
umask 077
secret() {  # secret FILE: the file's secret, created on first use
  [ -s "$1" ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))' > "$1"
  cat "$1"
}
export RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-$(secret var/rasa_auth_token)}
export CIVETTE_ACTION_SERVER_TOKEN=${CIVETTE_ACTION_SERVER_TOKEN:-$(secret var/action_server_token)}
if [ ! -s var/console_password ]; then
  .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))' > var/console_password
  .venv/bin/civette agent add conseiller --name "Conseiller (démo)" < var/console_password
fi

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# Both listen on 127.0.0.1 unless CIVETTE_ACTIONS_HOST / CIVETTE_RASA_HOST say otherwise; the
# token and the secret are passed in the environment, not on the command line (`ps` shows it).
.venv/bin/python -m civette.action_server --port "$ACTIONS_PORT" &
pids+=($!)
# shellcheck disable=SC2086  # one --cors argument per allowed origin
.venv/bin/python -m civette.rasa_server --model models/civette.tar.gz --port "$RASA_PORT" \
  --endpoints "$ENDPOINTS" --credentials credentials.yml --cors $CIVETTE_ALLOWED_ORIGINS &
pids+=($!)
.venv/bin/python -m civette.web &
pids+=($!)
# The email triage reads the mailbox when one is configured (IMAP_HOST, IMAP_USER, IMAP_PASSWORD;
# replies through SMTP_HOST) and classifies with the Rasa server above (RASA_URL): until Rasa is
# up, the mails wait for the next pass. It stops between two mails on SIGTERM.
if [ -n "${IMAP_HOST:-}" ]; then
  .venv/bin/civette mail poll &
  pids+=($!)
  mail_line="email triage                    ${IMAP_USER:-?}@$IMAP_HOST/${IMAP_FOLDER:-INBOX}, every ${IMAP_POLL_INTERVAL_S:-60} s"
  [ -n "${SMTP_HOST:-}" ] || mail_line="$mail_line (no SMTP_HOST: every mail becomes a case)"
else
  mail_line="email triage                    off: set IMAP_HOST, IMAP_USER and IMAP_PASSWORD (SMTP_HOST for replies) to turn it on"
fi

cat <<EOF
Assistant starting (Rasa needs about a minute to load the model):
  demo shop with the chat widget  http://localhost:$CIVETTE_WEB_PORT/
  agent console                   http://localhost:$CIVETTE_WEB_PORT/console/
                                  login: conseiller, password: $(cat var/console_password)
  REST                            http://localhost:$RASA_PORT/webhooks/rest/webhook
  HTTP API token                  var/rasa_auth_token
  $mail_line
EOF
wait -n "${pids[@]}"
