#!/usr/bin/env bash
# Starts every service of the assistant on localhost and stops them all on Ctrl-C; each one's
# output goes to var/logs/<service>.log.
#   action server  127.0.0.1:${ACTIONS_PORT:-5055}  (answers Rasa only: shared secret)
#   Rasa           127.0.0.1:${RASA_PORT:-5005}  (REST, socket.io and the HTTP API, token-protected)
#   web pages      :${CIVETTE_WEB_PORT:-8000}  (demo shop with the widget, agent console)
#   email triage   `civette mail poll`, when a mailbox is configured (IMAP_HOST)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
export CIVETTE_WEB_PORT=${CIVETTE_WEB_PORT:-8000}
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
export CIVETTE_ALLOWED_ORIGINS=${CIVETTE_ALLOWED_ORIGINS:-"http://localhost:$CIVETTE_WEB_PORT http://127.0.0.1:$CIVETTE_WEB_PORT"}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
# The demo advisor only in the embedded default store (CIVETTE_DEMO=1 forces it elsewhere).
if [ -n "${CIVETTE_DATABASE_URL:-}" ]; then export CIVETTE_DEMO=${CIVETTE_DEMO:-0}; fi
prepare_local_secrets

# Both listen on 127.0.0.1 unless CIVETTE_ACTIONS_HOST / CIVETTE_RASA_HOST say otherwise; the
# token and the secret are passed in the environment, not on the command line (`ps` shows it).
start actions .venv/bin/python -m civette.action_server --port "$ACTIONS_PORT"
# shellcheck disable=SC2086  # one --cors argument per allowed origin
start rasa .venv/bin/python -m civette.rasa_server --model models/civette.tar.gz --port "$RASA_PORT" \
  --endpoints "$ENDPOINTS" --credentials credentials.yml --cors $CIVETTE_ALLOWED_ORIGINS
start web .venv/bin/python -m civette.web
# The email triage reads the mailbox when one is configured (IMAP_HOST, IMAP_USER, IMAP_PASSWORD;
# replies through SMTP_HOST) and classifies with the Rasa server above (RASA_URL): until Rasa is
# up, the mails wait for the next pass. It stops between two mails on SIGTERM.
if [ -n "${IMAP_HOST:-}" ]; then
  start mail .venv/bin/civette mail poll
  mail_line="tri des e-mails                   ${IMAP_USER:-?}@$IMAP_HOST/${IMAP_FOLDER:-INBOX}, toutes les ${IMAP_POLL_INTERVAL_S:-60} s"
  [ -n "${SMTP_HOST:-}" ] || mail_line="$mail_line (sans SMTP_HOST : chaque e-mail devient un dossier)"
else
  mail_line="tri des e-mails                   désactivé : IMAP_HOST, IMAP_USER et IMAP_PASSWORD l'activent (SMTP_HOST pour répondre)"
fi

echo "Démarrage de l'assistant (Rasa charge le modèle en quelques secondes) :"
print_web_addresses
cat <<EOF
  REST                             http://localhost:$RASA_PORT/webhooks/rest/webhook
  jeton de l'API HTTP              var/rasa_auth_token
  $mail_line
  journaux                         tail -f $LOG_DIR/*.log
EOF
wait_until_ready "http://127.0.0.1:$RASA_PORT/" "http://127.0.0.1:$ACTIONS_PORT/health" \
  "http://127.0.0.1:$CIVETTE_WEB_PORT/health"
supervise
