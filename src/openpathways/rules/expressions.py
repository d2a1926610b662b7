"""Arithmetic expressions over request fields, e.g. `student.term_units_enrolled + section.units`.

The grammar is deliberately tiny: numeric field paths from `schema.FIELDS`, number literals,
`+ - * /`, unary minus and parentheses. Expressions are parsed once when a pack loads (Python's
`ast` is used only as a parser; nothing is ever evaluated by Python itself) and walked here with
`Decimal` arithmetic.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from openpathways.rules.schema import FIELDS, Request


class ExpressionError(ValueError):
    """An expression a pack may not use: names what is wrong with it."""


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


@dataclass(frozen=True)
class Expression:
    """A parsed expression and the request fields it reads."""

    text: str
    tree: ast.expr
    paths: tuple[str, ...]

    def missing(self, request: Request) -> list[str]:
        return [p for p in self.paths if not request.has(p)]

    def evaluate(self, request: Request) -> Decimal:
        return self._eval(self.tree, request)

    def _eval(self, node: ast.expr, request: Request) -> Decimal:  # noqa: PLR0911 (one per node)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.UnaryOp):
            return -self._eval(node.operand, request)
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left, request)
            right = self._eval(node.right, request)
            op = type(node.op)
            if op is ast.Add:
                return left + right
            if op is ast.Sub:
                return left - right
            if op is ast.Mult:
                return left * right
            try:
                return left / right
            except (DivisionByZero, InvalidOperation) as exc:
                raise ZeroDivisionError(f"division by zero in {self.text!r}") from exc
        path = _dotted(node)
        assert path is not None
        value: Any = request.get(path)
        return Decimal(value)


def parse_expression(text: str) -> Expression:
    """Parse `text`; raise `ExpressionError` for anything outside the grammar."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("expected a non-empty expression string")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"not a valid expression: {exc.msg}") from exc
    paths: list[str] = []

    def check(node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ExpressionError(f"only numbers may appear as literals, not {node.value!r}")
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            check(node.operand)
            return
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            check(node.left)
            check(node.right)
            return
        path = _dotted(node)
        if path is None:
            raise ExpressionError(
                f"unsupported syntax {ast.unparse(node)!r}: use field paths, numbers, + - * / "
                "and parentheses"
            )
        spec = FIELDS.get(path)
        if spec is None:
            raise ExpressionError(f"unknown field {path!r}")
        if not spec.numeric:
            raise ExpressionError(f"field {path!r} is not a number (it is {spec.type})")
        if path not in paths:
            paths.append(path)

    check(tree)
    return Expression(text=text.strip(), tree=tree, paths=tuple(paths))
