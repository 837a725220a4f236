# Shared by scripts/serve.sh (make run) and scripts/run-prod.sh (make run-prod), sourced from the
# project's root: local secrets, the demo advisor, services started in the background with their
# output in var/logs/<service>.log, the wait until Rasa answers, and the report of a service that
# stops. Ctrl-C stops them all.

LOG_DIR=${CIVETTE_LOG_DIR:-var/logs}
services=()  # names, in the order started
pids=()

# secret FILE: the secret in FILE, made on first use (var/, readable by this user only).
secret() {
  [ -s "$1" ] || (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))' > "$1")
  cat "$1"
}

# The HTTP API token and the action server's secret, from the environment or var/; the demo
# advisor « conseiller » (password in var/console_password) unless CIVETTE_DEMO=0: a store named
# by CIVETTE_DATABASE_URL may be the shop's (agents are then added with `civette agent add`).
prepare_local_secrets() {
  mkdir -p var "$LOG_DIR"
  export RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-$(secret var/rasa_auth_token)}
  export CIVETTE_ACTION_SERVER_TOKEN=${CIVETTE_ACTION_SERVER_TOKEN:-$(secret var/action_server_token)}
  if [ "${CIVETTE_DEMO:-1}" = 1 ]; then
    .venv/bin/python -m civette.demo_advisor
  fi
}

# start NAME COMMAND...: runs COMMAND in the background, its output in var/logs/NAME.log, in a
# session of its own: Ctrl-C reaches this script only, which stops every service (stop_all).
start() {
  local name=$1
  shift
  setsid "$@" > "$LOG_DIR/$name.log" 2>&1 &
  services+=("$name")
  pids+=($!)
}

stop_all() {
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# report_stopped INDEX STATUS: the service that stopped, and the end of its log, on stderr.
report_stopped() {
  local log="$LOG_DIR/${services[$1]}.log"
  echo "ERREUR : le service ${services[$1]} s'est arrêté (code $2). Fin de $log :" >&2
  tail -n 20 "$log" | sed 's/^/  | /' >&2
}

# exit_if_one_stopped: reports the first service no longer running, and exits.
exit_if_one_stopped() {
  local i status
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      status=0
      wait "${pids[$i]}" || status=$?
      report_stopped "$i" "$status"
      exit 1
    fi
  done
}

answer() {  # answer URL...: true when every URL answers with a success
  .venv/bin/python - "$@" 2>/dev/null <<'EOF'
import sys
import urllib.request

for url in sys.argv[1:]:
    urllib.request.urlopen(url, timeout=2).close()
EOF
}

# wait_until_ready URL...: waits until every URL answers (a service that stops meanwhile is
# reported and ends the script), then says how long the start took.
wait_until_ready() {
  until answer "$@"; do
    exit_if_one_stopped
    sleep 0.5
  done
  echo "Assistant prêt en $SECONDS s."
}

# supervise [keep-going]: waits until a service stops, reports it and stops the others; with
# keep-going, reports each service that stops and goes on while one runs.
supervise() {
  local stopped status i
  while :; do
    status=0
    wait -n -p stopped "${pids[@]}" || status=$?
    for i in "${!pids[@]}"; do
      if [ "${pids[$i]}" = "$stopped" ]; then
        report_stopped "$i" "$status"
        unset 'pids[i]'
      fi
    done
    [ "${1:-}" = keep-going ] && [ ${#pids[@]} -gt 0 ] || exit 1
    echo "Les autres services continuent (Ctrl-C les arrête)." >&2
  done
}

# print_web_addresses: the demo shop, the console and the demo advisor's password.
print_web_addresses() {
  local login="identifiant : conseiller, mot de passe : $(cat var/console_password 2>/dev/null)"
  [ "${CIVETTE_DEMO:-1}" = 1 ] || login="comptes des conseillers : .venv/bin/civette agent add"
  cat <<EOF
  boutique de démo avec le widget  http://localhost:$CIVETTE_WEB_PORT/
  console des conseillers          http://localhost:$CIVETTE_WEB_PORT/console/
                                   $login
EOF
}
