"""nginx in front of the production layout's Rasa processes and action servers (civette.prod_layout):
Debian's package, run in the foreground as the current user with a generated configuration."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import List, Mapping

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(settings: Mapping[str, str], state_dir: Path, log_dir: Path) -> str:
    """nginx in the foreground, as the current user, with its pid, temporary files and logs in
    `state_dir` and `log_dir`. Rasa's REST and HTTP API round-robin (a process that refuses the
    connection is skipped); socket.io sticky by client address (a session's polling requests and
    its WebSocket must reach the process that holds it), with the WebSocket upgrade."""
    rasa = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                     for port in settings["RASA_PORTS"].split())
    actions = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                        for port in settings["ACTIONS_PORTS"].split())
    # As root, the workers would otherwise switch to nobody, who cannot write in state_dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {state_dir / 'tmp' / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # Set in each location: a location's proxy_set_header drops those of the levels above.
    forwarded = ("            proxy_set_header Host $host;\n"
                 "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
    return f"""# Written by civette.nginx (make run-prod, civette.prod_layout): edits are lost at the next start.
daemon off;
{user}worker_processes 1;
pid {state_dir / 'nginx.pid'};
error_log stderr warn;
events {{
    worker_connections 1024;
}}
http {{
{temp}
    log_format upstream '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                        'upstream=$upstream_addr time=$request_time';
    access_log {log_dir / 'nginx-access.log'} upstream;
    # Customers' messages are capped at 2,000 characters: nothing bigger comes from outside.
    client_max_body_size 64k;
    proxy_http_version 1.1;
    proxy_next_upstream error timeout;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream rasa {{
{rasa}
        keepalive 16;
    }}
    upstream rasa_socketio {{
        ip_hash;
{rasa}
    }}
    upstream actions {{
{actions}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{settings['NGINX_PORT']};
        location /socket.io/ {{
            proxy_pass http://rasa_socketio;
{forwarded}
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_buffering off;
            proxy_read_timeout 1h;
        }}
        location / {{
            proxy_pass http://rasa;
{forwarded}
            proxy_set_header Connection "";
            proxy_read_timeout 120s;
        }}
    }}
    server {{
        listen 127.0.0.1:{settings['NGINX_ACTIONS_PORT']};
        # Rasa sends the action servers the whole conversation: kept in memory, a long one accepted.
        client_body_buffer_size 1m;
        client_max_body_size 16m;
        location / {{
            proxy_pass http://actions;
{forwarded}
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def write_nginx_config(settings: Mapping[str, str], state_dir: Path, log_dir: Path) -> Path:
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (state_dir / "tmp" / kind).mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "nginx.conf"
    path.write_text(nginx_config(settings, state_dir.resolve(), log_dir.resolve()), encoding="utf-8")
    return path


def nginx_command(config: Path) -> List[str]:
    """nginx with `config`, its start-up errors on stderr (not in /var/log, root's)."""
    return [NGINX, "-c", str(config.resolve()), "-e", "stderr"]
