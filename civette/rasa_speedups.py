"""Speed-ups applied to Rasa 3.6 inside our server process, each measured (bench/profile.md).

Rasa checks every action server response with `jsonschema.validate`, which first checks the
schema itself against its meta-schema: three quarters of the Rasa process's time in an order
lookup went there. The schema never changes, so it is checked once and its validator reused;
responses are still validated, with the same error.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text


@lru_cache(maxsize=None)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> None:
    """Installs the speed-ups; call once, before the server starts."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
