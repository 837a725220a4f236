"""`rasa run` with the HTTP API token read from RASA_AUTH_TOKEN, never on the command line
(where `ps` shows it), and on loopback unless CIVETTE_RASA_HOST says otherwise.

    python -m civette.rasa_server [any `rasa run` option]
"""

from __future__ import annotations

import os
import sys
from typing import List, Mapping

from civette.quiet import silence_third_party_in_rasa


def rasa_arguments(argv: List[str], environ: Mapping[str, str]) -> List[str]:
    token = environ.get("RASA_AUTH_TOKEN")
    if not token:
        raise SystemExit("RASA_AUTH_TOKEN is not set: Rasa's HTTP API would be open to anyone")
    host = environ.get("CIVETTE_RASA_HOST", "127.0.0.1")
    return ["rasa", "run", "--interface", host, "--enable-api", f"--auth-token={token}", *argv]


if __name__ == "__main__":
    sys.argv = rasa_arguments(sys.argv[1:], os.environ)
    silence_third_party_in_rasa()  # before Rasa's imports: some warn as they load
    from rasa.__main__ import main as rasa_main

    from civette import rasa_speedups

    rasa_speedups.apply()
    rasa_main()
