"""Eligibility rules as versioned data, and the small engine that evaluates them.

Pure Python: no Django, no other OpenPathways package. Callers (the application state machine,
the web journey, the `openpathways rules` command) build a request, load a pack and evaluate:

    from openpathways.rules import evaluate, load_pack, parse_request
    decision = evaluate(load_pack("ca-dual-enrollment"), parse_request(data), on=today)
    decision.decision        # "eligible" | "pending" | "ineligible"
    decision.to_dict("es")   # every rule, passed/failed/not applicable, with its source

See docs/rules.md for the pack format and the request fields.
"""

from openpathways.rules.engine import Decision, RuleResult, evaluate, evaluate_rule
from openpathways.rules.expressions import ExpressionError, parse_expression
from openpathways.rules.packs import (
    CHECK_KINDS,
    DEFAULT_PACK,
    PACKS_DIR,
    Pack,
    PackError,
    Rule,
    Source,
    load_pack,
    pack_list,
)
from openpathways.rules.schema import (
    FIELDS,
    Request,
    RequestError,
    parse_request,
    parse_request_text,
)

__all__ = [
    "CHECK_KINDS",
    "DEFAULT_PACK",
    "FIELDS",
    "PACKS_DIR",
    "Decision",
    "ExpressionError",
    "Pack",
    "PackError",
    "Request",
    "RequestError",
    "Rule",
    "RuleResult",
    "Source",
    "evaluate",
    "evaluate_rule",
    "load_pack",
    "pack_list",
    "parse_expression",
    "parse_request",
    "parse_request_text",
]
