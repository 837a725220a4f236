#!/usr/bin/env bash
# The production layout on this machine (make run-prod), stopped on Ctrl-C; each process's output
# goes to var/logs/<service>.log:
#   nginx           127.0.0.1:${NGINX_PORT:-8080}  Rasa's REST and HTTP API round-robin, socket.io
#                   sticky (ip_hash) with the WebSocket upgrade; 127.0.0.1:${NGINX_ACTIONS_PORT:-8081}
#                   the action servers, round-robin (configuration written in var/nginx/)
#   Rasa            127.0.0.1:${RASA_PORTS:-5005 5006}, conversations in PostgreSQL (TRACKER_DB_*),
#                   each turn locked in Redis (REDIS_*): endpoints.production.yml
#   action servers  127.0.0.1:${ACTIONS_PORTS:-5055 5056}, orders and cases in PostgreSQL
#                   (CIVETTE_DATABASE_URL)
#   web pages       :${CIVETTE_WEB_PORT:-8000}, reaching Rasa through nginx
# The defaults (civette/prod_layout.py) are the machine's PostgreSQL (user postgres) and Redis; the
# databases are created if missing, and an empty order store gets the demo orders.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export CIVETTE_WEB_PORT=${CIVETTE_WEB_PORT:-8000}
export CIVETTE_ALLOWED_ORIGINS=${CIVETTE_ALLOWED_ORIGINS:-"http://localhost:$CIVETTE_WEB_PORT http://127.0.0.1:$CIVETTE_WEB_PORT"}
layout=$(.venv/bin/python -m civette.prod_layout prepare)
eval "$layout"
export RASA_URL=${RASA_URL:-http://127.0.0.1:$NGINX_PORT}
prepare_local_secrets

ready_urls=("http://127.0.0.1:$CIVETTE_WEB_PORT/health")
for port in $ACTIONS_PORTS; do
  start "actions-$port" .venv/bin/python -m civette.action_server --port "$port"
  ready_urls+=("http://127.0.0.1:$port/health")
done
for port in $RASA_PORTS; do
  # shellcheck disable=SC2086  # one --cors argument per allowed origin
  start "rasa-$port" .venv/bin/python -m civette.rasa_server --model models/civette.tar.gz --port "$port" \
    --endpoints endpoints.production.yml --credentials credentials.yml --cors $CIVETTE_ALLOWED_ORIGINS
  ready_urls+=("http://127.0.0.1:$port/")
done
start nginx "${nginx_command[@]}"
# The web pages are reached directly, not through nginx: no forwarded address is trusted there.
start web env -u SANIC_PROXIES_COUNT .venv/bin/python -m civette.web

echo "Démarrage de la configuration de production (chaque processus Rasa charge le modèle en quelques secondes) :"
print_web_addresses
cat <<EOF
  REST (nginx)                     http://localhost:$NGINX_PORT/webhooks/rest/webhook
  processus Rasa                   $RASA_PORTS ; serveurs d'actions : $ACTIONS_PORTS
  conversations                    PostgreSQL $TRACKER_DB_HOST:$TRACKER_DB_PORT/$TRACKER_DB_NAME, verrous Redis $REDIS_HOST:$REDIS_PORT
  commandes et dossiers            $CIVETTE_DATABASE_URL_SHOWN
  jeton de l'API HTTP              var/rasa_auth_token
  journaux                         tail -f $LOG_DIR/*.log
EOF
wait_until_ready "${ready_urls[@]}" "http://127.0.0.1:$NGINX_PORT/"
# One process stopping is reported; nginx sends its requests to the others.
supervise keep-going
