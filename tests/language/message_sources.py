"""The messages a person can meet, read from the code: the keys the catalogue needs.

French messages are written where they arise (factors.messages); this module finds
them in the source, so that tests/language/test_messages.py can require an English
wording for each. A message is found where it is handed to a person:

- a refusal raised with a text (``raise EntityError(f"entité inconnue : « {name} »")``),
  but for the errors that are programming mistakes (``TypeError``, ``KeyError``…);
- a command's error line, message or usage error: the first argument of ``fail``,
  ``tell``, ``said``, ``refusals``, ``click.BadParameter``, ``click.UsageError``;
- the reason an import gives for a refused row (``problems.add_mask(…, reason)``);
- what the functions that word a message return (:data:`WORDING_FUNCTIONS`), and the
  module constants named ``…_MESSAGE``;
- a command's help: the ``help=`` and ``show_default=`` of its options (those of the
  shared ``output_option`` and ``year_option`` too) and its docstring.

Each becomes its catalogue key: the text, ``{}`` where an f-string has a value.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The packages whose messages reach people (the TUI words its own through tui/i18n.py).
PACKAGES = ("factors", "fleet", "footprint", "services", "cli")
#: Errors that are programming mistakes, never shown to a person as such.
PROGRAMMING = frozenset(
    {
        "TypeError",
        "AssertionError",
        "RuntimeError",
        "NotImplementedError",
        "KeyError",
        "AttributeError",
        "IndexError",
        "StopIteration",
    }
)
#: Functions that build a message for a person and return it (or hand it to an error).
WORDING_FUNCTIONS = frozenset(
    {
        "fleet/db.py:describe_error",
        "fleet/db.py:_busy",
        "fleet/schema.py:check",
        "fleet/schema.py:_sqlite_damage",
        "fleet/importing/precedence.py:_exit_reason",
        "fleet/importing/precedence.py:foreign_reason",
        "fleet/importing/normalise.py:_unknown_category_reason",
        "factors/toml_file.py:_where",
        "factors/outputs.py:_no_folder",
        "fleet/access.py:creation_refusal",
        "fleet/access.py:refusal",
        "fleet/access.py:consolidated_refusal",
        "fleet/access.py:describe_refusal",
        "factors/outputs.py:write_refusal",
    }
)

#: The calls whose first argument is a message for a person.
SAYING = frozenset({"fail", "tell", "said", "refusals", "BadParameter", "UsageError"})


@dataclass(frozen=True)
class Found:
    key: str
    where: str


def key_of(node: ast.expr, constants: dict[str, ast.expr]) -> list[str]:
    """The catalogue keys of a text expression: a literal, an f-string, their sum,
    both branches of ``a if c else b``, a module constant; none for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [_literal(node.value)]
    if isinstance(node, ast.JoinedStr):
        return [
            "".join(_literal(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
        ]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in key_of(node.left, constants) for b in key_of(node.right, constants)]
    if isinstance(node, ast.IfExp):
        return key_of(node.body, constants) + key_of(node.orelse, constants)
    if isinstance(node, ast.Name) and node.id in constants:
        return key_of(constants[node.id], constants)
    return []


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def messages() -> Iterator[Found]:
    """Every message for a person in the packages, with where it is written."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = {
                target.id: node.value
                for node in tree.body
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name)
            }
            where = str(path.relative_to(ROOT))
            for name, value in constants.items():  # WAITING_MESSAGE = "base occupée…"
                if name.endswith("_MESSAGE"):
                    for text in key_of(value, constants):
                        yield Found(text, f"{where}: {name}")
            for node in ast.walk(tree):
                for text in _said(node, package, constants, where):
                    if text.strip():
                        yield Found(text, f"{where}:{getattr(node, 'lineno', 0)}")


def _option_texts(call: ast.Call) -> list[ast.expr]:
    name = _called(call.func)
    if name == "output_option":
        return call.args[:1]
    if name == "year_option":
        return call.args[1:]
    return []


def _said(node: ast.AST, package: str, constants: dict[str, ast.expr], where: str) -> list[str]:
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
        if _called(node.exc.func) not in PROGRAMMING:  # ImportFileError(path, problem)
            return [key for arg in node.exc.args for key in key_of(arg, constants)]
    if isinstance(node, ast.Call):
        keys = []
        if _called(node.func) in SAYING and node.args:
            keys += key_of(node.args[0], constants)
        if _called(node.func) in ("add", "add_mask") and len(node.args) == 4:
            keys += key_of(node.args[3], constants)  # an import row's reason (Problems)
        if _called(node.func) == "RowProblem" and len(node.args) == 3:
            keys += key_of(node.args[2], constants)  # a factor file's row refused
        if (
            _called(node.func) == "append"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "problems"
            and node.args
        ):
            keys += key_of(node.args[0], constants)  # problems.append("base vide : …")
        if package == "cli":
            keys += [
                k
                for kw in node.keywords
                if kw.arg in ("help", "show_default")
                for k in key_of(kw.value, {})
            ]
            # The shared options' texts: output_option(help), year_option(default, shown, help).
            keys += [k for arg in _option_texts(node) for k in key_of(arg, {})]
        return keys
    if isinstance(node, ast.FunctionDef) and f"{where}:{node.name}" in WORDING_FUNCTIONS:
        returned = [
            text
            for inner in ast.walk(node)
            if isinstance(inner, ast.Return) and inner.value is not None
            for text in (inner.value.elts if isinstance(inner.value, ast.List) else [inner.value])
        ]
        raised = [
            inner.args[0]
            for inner in ast.walk(node)
            if isinstance(inner, ast.Call) and _called(inner.func).endswith("Busy") and inner.args
        ]
        return [key for text in returned + raised for key in key_of(text, constants)]
    if package == "cli" and isinstance(node, ast.FunctionDef):
        commands = [
            d
            for d in node.decorator_list
            if isinstance(d, ast.Call) and _called(d.func) in ("command", "group")
        ]
        docstring = ast.get_docstring(node)
        if commands and docstring:
            return [_literal(docstring)]
    return []
