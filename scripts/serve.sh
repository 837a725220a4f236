#!/usr/bin/env bash
# Starts every service of the assistant on localhost and stops them all on Ctrl-C.
#   action server  :${ACTIONS_PORT:-5055}
#   Rasa           :${RASA_PORT:-5005}  (REST, socket.io and the HTTP API, token-protected)
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
mkdir -p var

# The HTTP API token is a local secret: generated once, never committed.
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  [ -s var/rasa_auth_token ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))' > var/rasa_auth_token
  RASA_AUTH_TOKEN=$(cat var/rasa_auth_token)
fi

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
.venv/bin/rasa run --model models/civette.tar.gz --port "$RASA_PORT" \
  --endpoints "$ENDPOINTS" --credentials credentials.yml \
  --enable-api "--auth-token=$RASA_AUTH_TOKEN" --cors "${CIVETTE_ALLOWED_ORIGINS:-http://localhost:$RASA_PORT}" &
pids+=($!)

echo "Assistant starting: REST http://localhost:$RASA_PORT/webhooks/rest/webhook (HTTP API token in var/rasa_auth_token)"
wait -n "${pids[@]}"
