"""The same rules in durable-rules and in pingcha's evaluator, side by side, in one process.

durable-rules (`pip install '.[bench]'`, not a dependency of pingcha) was the design card's choice
of rule engine; ../shared/design.md says why the project has its own evaluator. This keeps that
decision measured. The rule subset is every rule of the shipped `emergency` profile that durable's
condition language can express: comparisons of a fact with a constant, true/false facts, exists(),
and/or/not, coalesce(comparison, True|False), dates as day numbers (others use functions such as
workdays() or count(), which durable has no equivalent of).

Both engines see the same facts: pingcha's own (engine.evaluate.build_context, computed once per
case before timing; the derived classifications included), turned into one durable fact per case.
A rule gives a finding when its `when` is true and its `require` false in pingcha's three-valued
logic; for durable each rule becomes the condition T(when) & F(require), where T(e) and F(e) say
"e is known true" / "known false" (a comparison on a missing field matches neither, as pingcha's
unknown). durable's `-m.field` (field absent) never returns in 2.0.28, so each fact that exists()
reads gets a has_<fact> field instead. Both must give the same findings for every case: the
benchmark checks it before it reports a ratio.

Timed, on each side, two jobs:
- deciding: which rules give a finding. durable asserts the case's fact, its actions append the rule
  ids, the fact is retracted. pingcha runs the subset's generated function (engine.evaluate.program_for),
  which also decides the rules passed and the rules it cannot decide, and the number not applicable.
- writing the findings: the above, then each finding's message with the case's values and its
  evidence paths. The message and evidence code is pingcha's on both sides (durable has no message
  templates; an action would do the same in Python). pingcha also writes the 无法判定 reasons and the
  passed list (engine.evaluate.apply_rules), which durable cannot give at all.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import gc
import time
from typing import Any

import corpus

from engine.casefile import parse_case_file
from engine.evaluate import apply_rules, build_context, program_for
from engine.expr import Context
from engine.rulebook import Rule, Rulebook, load_rulebook
from engine.workcal import WorkCalendar

AS_OF = dt.date(2026, 11, 21)
PENALTY = "行政处罚"
_NEGATE = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt}


class Untranslatable(Exception):
    pass


class _Fields:
    """Fact names -> durable field names (f0, f1, …), and which facts need a has_ field."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.presence: set[str] = set()

    def field(self, fact: str) -> str:
        return self.names.setdefault(fact, f"f{len(self.names)}")


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        parent = _dotted(node.value)
        return f"{parent}.{node.attr}" if parent else None
    return None


def _constant(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float | str):
        return node.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "date"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        return dt.date.fromisoformat(node.args[0].value).toordinal()
    raise Untranslatable(ast.unparse(node))


def _atom(fact: str, op: type[ast.cmpop], value: Any, fields: _Fields, m: Any) -> Any:
    attr = getattr(m, fields.field(fact))
    return {
        ast.Eq: lambda: attr == value,
        ast.NotEq: lambda: attr != value,
        ast.Lt: lambda: attr < value,
        ast.LtE: lambda: attr <= value,
        ast.Gt: lambda: attr > value,
        ast.GtE: lambda: attr >= value,
    }[op]()


def _either(parts: list[Any]) -> Any:
    result = parts[0]
    for part in parts[1:]:
        result = result | part
    return result


def _both(parts: list[Any]) -> Any:
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def _when(node: ast.expr, truth: bool, fields: _Fields, m: Any) -> Any:
    """The durable condition under which `node` is known to be `truth` (pingcha's three-valued logic)."""
    if isinstance(node, ast.BoolOp):
        parts = [_when(v, truth, fields, m) for v in node.values]
        conjunctive = isinstance(node.op, ast.And) == truth  # and-true, or-false: every part
        return _both(parts) if conjunctive else _either(parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _when(node.operand, not truth, fields, m)
    if (fact := _dotted(node)) is not None:  # a true/false fact
        return _atom(fact, ast.Eq, truth, fields, m)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _NEGATE:
        op = type(node.ops[0])
        left, right = node.left, node.comparators[0]
        if (fact := _dotted(left)) is not None:
            value = _constant(right)
        elif (fact := _dotted(right)) is not None:
            value = _constant(left)
            op = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}.get(op, op)
        else:
            raise Untranslatable(ast.unparse(node))
        return _atom(fact, op if truth else _NEGATE[op], value, fields, m)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name, args = node.func.id, node.args
        if name == "exists" and len(args) == 1 and (fact := _dotted(args[0])) is not None:
            fields.presence.add(fact)
            return getattr(m, "has_" + fields.field(fact)) == truth
        if name == "coalesce" and len(args) == 2 and isinstance(args[1], ast.Constant):
            default = args[1].value
            inner = args[0]
            facts = {n for n in (_dotted(x) for x in ast.walk(inner) if isinstance(x, ast.expr)) if n}
            if isinstance(default, bool) and len(facts) == 1:
                fact = facts.pop()
                known = _when(inner, truth, fields, m)
                if default != truth:
                    return known
                fields.presence.add(fact)
                return known | (getattr(m, "has_" + fields.field(fact)) == False)  # durable's ==, not Python's
    raise Untranslatable(ast.unparse(node))


def _finding_condition(rule: Rule, fields: _Fields, m: Any) -> Any:
    if rule.require is None or rule.effective_on is not None:
        raise Untranslatable(rule.id)
    fails = _when(ast.parse(rule.require.source, mode="eval").body, False, fields, m)
    if rule.when is None:
        return fails
    return _when(ast.parse(rule.when.source, mode="eval").body, True, fields, m) & fails


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


def translate(rulebook: Rulebook, name: str, copies: int = 1) -> tuple[list[Rule], _Fields, list[str]]:
    """Declare a durable ruleset of every translatable penalty rule (each `copies` times, the copies
    with ids suffixed -2, -3, …); the rules, the field map and the list the actions append rule ids to."""
    from durable.lang import m, ruleset, when_all

    fields = _Fields()
    chosen: list[Rule] = []
    for rule in rulebook.rules_for(PENALTY):
        trial = _Fields()
        trial.names, trial.presence = dict(fields.names), set(fields.presence)
        try:
            _finding_condition(rule, trial, m)
        except Untranslatable:
            continue
        fields = trial
        chosen.append(rule)
    chosen += [dataclasses.replace(r, id=f"{r.id}-{k}") for k in range(2, copies + 1) for r in chosen]
    fired: list[str] = []
    with ruleset(name):
        for rule in chosen:
            when_all(_finding_condition(rule, fields, m))(_action(fired, rule.id))
    return chosen, fields, fired


def _action(fired: list[str], rule_id: str) -> Any:
    def action(c: Any) -> None:  # one parameter: durable treats a second one as an async callback
        fired.append(rule_id)

    return action


def _message(facts: dict[str, Any], fields: _Fields, number: int) -> dict[str, Any]:
    message: dict[str, Any] = {"case": number}
    for fact, field in fields.names.items():
        value = facts.get(fact)
        if value is not None and not isinstance(value, tuple | list):
            message[field] = _value(value)
        if fact in fields.presence:
            message["has_" + field] = value is not None
    return message


def measure(count: int = 2000, seed: int = 2026, rounds: int = 3, copies: int = 1) -> dict[str, Any]:
    from durable.lang import assert_fact, retract_fact

    full = load_rulebook("emergency")
    name = f"pingcha_bench_{copies}"
    chosen, fields, fired = translate(full, name, copies)
    subset = dataclasses.replace(full, rules=chosen)
    calendar = WorkCalendar()
    contexts: list[tuple[Context, dict[str, str]]] = []
    messages = []
    for number, (_, data) in enumerate(corpus.generate(count, seed)):
        case = parse_case_file(data, "bench")
        if case.agency.domain != "应急管理":
            continue
        ctx, origin = build_context(case, full, AS_OF, calendar)
        contexts.append((ctx, origin))
        messages.append(_message(dict(ctx.facts), fields, number))

    def pingcha_findings(ctx: Context, origin: dict[str, str]) -> list[str]:
        return [f.rule.id for f in apply_rules(subset, PENALTY, ctx, origin).findings]

    def durable_findings(message: dict[str, Any]) -> list[str]:
        fired.clear()
        try:
            assert_fact(name, message)
        except Exception as exc:  # durable's MessageNotHandledException: no rule matched
            if type(exc).__name__ != "MessageNotHandledException":
                raise
        retract_fact(name, message)
        return list(fired)

    # The same findings for every case, or no ratio.
    disagreements = []
    for (ctx, origin), message in zip(contexts, messages, strict=True):
        ours = sorted(pingcha_findings(ctx, origin))
        theirs = sorted(durable_findings(message))
        if ours != theirs:
            disagreements.append({"case": message["case"], "pingcha": ours, "durable": theirs})
    program = program_for(subset, PENALTY)
    position = {rule.id: n for n, rule in enumerate(program.rules)}

    def written(ctx: Context, origin: dict[str, str], fired_ids: list[str]) -> list[tuple[str, str, tuple[str, ...]]]:
        """What a finding carries besides its rule: the message and the evidence, as apply_rules writes them."""
        out = []
        for rule_id in fired_ids:
            rule = program.rules[position[rule_id]]
            evidence = tuple(dict.fromkeys([origin[n] for n in rule.reads if n in origin]))
            out.append((rule_id, program.messages[position[rule_id]](ctx), evidence))
        return out

    decide = program.run
    timings: dict[str, list[float]] = {"pingcha": [], "durable": [], "pingcha_written": [], "durable_written": []}
    clock = time.perf_counter
    gc.collect()
    for _ in range(rounds):
        started = clock()
        for ctx, _ in contexts:
            decide(ctx)
        timings["pingcha"].append(len(contexts) / (clock() - started))
        started = clock()
        for message in messages:
            durable_findings(message)
        timings["durable"].append(len(contexts) / (clock() - started))
        started = clock()
        for ctx, origin in contexts:
            apply_rules(subset, PENALTY, ctx, origin)
        timings["pingcha_written"].append(len(contexts) / (clock() - started))
        started = clock()
        for (ctx, origin), message in zip(contexts, messages, strict=True):
            written(ctx, origin, durable_findings(message))
        timings["durable_written"].append(len(contexts) / (clock() - started))
    best = {k: max(v) for k, v in timings.items()}
    return {
        "copies": copies,
        "rules": len(chosen),
        "rules_in_profile": len(full.rules_for(PENALTY)),
        "cases": len(contexts),
        "findings": sum(len(pingcha_findings(c, o)) for c, o in contexts),
        "disagreements": disagreements[:5],
        "disagreeing_cases": len(disagreements),
        "cases_per_s_rounds": {k: [round(x) for x in v] for k, v in timings.items()},
        "ratio_per_round": [round(p / d, 1) for p, d in zip(timings["pingcha"], timings["durable"], strict=True)],
        "ratio_written_per_round": [
            round(p / d, 1) for p, d in zip(timings["pingcha_written"], timings["durable_written"], strict=True)
        ],
        "best_cases_per_s": {k: round(v) for k, v in best.items()},
    }


def main() -> None:
    """One measurement in its own process (durable-rules may abort the process on a large ruleset)."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    json.dump(measure(args.count, rounds=args.rounds, copies=args.copies), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
