#!/usr/bin/env bash
# Starts every service of the assistant on localhost and stops them all on Ctrl-C.
#   action server  :${ACTIONS_PORT:-5055}
#   Rasa           :${RASA_PORT:-5005}  (REST, socket.io and the HTTP API, token-protected)
#   web pages      :${CIVETTE_WEB_PORT:-8000}  (demo shop with the widget, agent console)
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
export CIVETTE_WEB_PORT=${CIVETTE_WEB_PORT:-8000}
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
export CIVETTE_ALLOWED_ORIGINS=${CIVETTE_ALLOWED_ORIGINS:-"http://localhost:$CIVETTE_WEB_PORT http://127.0.0.1:$CIVETTE_WEB_PORT"}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
mkdir -p var

# Local secrets, generated once and never committed: the HTTP API token and the demo agent's password.
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  [ -s var/rasa_auth_token ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))' > var/rasa_auth_token
  RASA_AUTH_TOKEN=$(cat var/rasa_auth_token)
fi
export RASA_AUTH_TOKEN
if [ ! -s var/console_password ]; then
  .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))' > var/console_password
  .venv/bin/civette agent add conseiller --name "Conseiller (démo)" < var/console_password
fi

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
# shellcheck disable=SC2086  # one --cors argument per allowed origin
.venv/bin/rasa run --model models/civette.tar.gz --port "$RASA_PORT" \
  --endpoints "$ENDPOINTS" --credentials credentials.yml \
  --enable-api "--auth-token=$RASA_AUTH_TOKEN" --cors $CIVETTE_ALLOWED_ORIGINS &
pids+=($!)
.venv/bin/python -m civette.web &
pids+=($!)

cat <<EOF
Assistant starting (Rasa needs about a minute to load the model):
  demo shop with the chat widget  http://localhost:$CIVETTE_WEB_PORT/
  agent console                   http://localhost:$CIVETTE_WEB_PORT/console/
                                  login: conseiller, password: $(cat var/console_password)
  REST                            http://localhost:$RASA_PORT/webhooks/rest/webhook
  HTTP API token                  var/rasa_auth_token
EOF
wait -n "${pids[@]}"
