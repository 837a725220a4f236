"""Third-party noise silenced at its source, before the servers import Rasa, rasa_sdk or Sanic.

Ignored: deprecation notices that pinned libraries raise about each other (pkg_resources,
pyparsing through matplotlib, SQLAlchemy 2.0 through Rasa's tracker store, distutils through
sanic_cors, jax through TensorFlow), TensorFlow's C++ start-up chatter and Alembic's plugin list.
Kept: every warning from our code or about our configuration, and every error.
"""

from __future__ import annotations

import logging
import os
import warnings

# Modules whose deprecation notices are about the pinned stack, not about anything we can change.
THIRD_PARTY_MODULES = r"(pkg_resources|matplotlib|rasa|rasa_sdk|sanic_cors|tensorflow|keras|sqlalchemy)(\.|$)"
# Loggers that speak at INFO about their own start-up: warnings and errors still get through.
CHATTY_LOGGERS = ("alembic",)


def silence_third_party() -> None:
    # Sanic 21.12 turns every DeprecationWarning on as it loads (filterwarnings("once")), ahead of
    # any filter set before: loaded first, it leaves ours in front.
    import sanic.app  # noqa: F401

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # C++ INFO and WARNING; errors stay
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=THIRD_PARTY_MODULES)
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def silence_third_party_in_rasa() -> None:
    """silence_third_party(), and pyparsing's deprecations (matplotlib's font patterns) on Rasa's
    list of expected warnings: they are UserWarnings too, which Rasa's start-up shows "once" with a
    filter set in front of ours."""
    silence_third_party()
    from pyparsing import PyparsingDeprecationWarning
    from rasa.utils.common import EXPECTED_WARNINGS

    EXPECTED_WARNINGS.append((PyparsingDeprecationWarning, ""))
