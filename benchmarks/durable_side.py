"""The same rules in durable-rules and in pingcha's evaluator, side by side, in one process.

durable-rules (`pip install '.[bench]'`, not a dependency of pingcha) was the design card's choice
of rule engine; ../shared/design.md says why the project has its own evaluator. This keeps that
decision measured. The rule subset is every rule of the shipped `emergency` profile that durable's
condition language can express: comparisons of a fact with a constant or with another fact, true/false
facts, exists(), `fact in [constants]`, `'constant' in list fact` (a true/false field made per case, as
exists() gets a has_ field), and/or/not, coalesce(comparison, True|False), dates as day numbers, and a
rule's period of force (its day known and inside it); the others use functions such as workdays(),
count() or add_months(), or a coalesce() of dates, which durable has no equivalent of.

Copies of the rule set (--copies 4, 8) get their `when` in extra parentheses: pingcha computes each
distinct `when` text once per case, so a copy sharing its original's text would cost it nothing.
Each timed job runs over the cases again and again for at least MIN_SECONDS, in several rounds; the
ratio is given per round and as the median.

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
import statistics
import time
from typing import Any

import corpus

from engine.casefile import parse_case_file
from engine.evaluate import apply_rules, build_context, program_for
from engine.expr import Context, compile_expression
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
        self.members: dict[tuple[str, Any], str] = {}  # ('X' in list fact) -> a true/false field

    def field(self, fact: str) -> str:
        return self.names.setdefault(fact, f"f{len(self.names)}")

    def member(self, fact: str, value: Any) -> str:
        self.field(fact)
        return self.members.setdefault((fact, value), f"in{len(self.members)}")

    def copy(self) -> _Fields:
        other = _Fields()
        other.names, other.presence, other.members = dict(self.names), set(self.presence), dict(self.members)
        return other


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
    """A comparison of a fact with a constant, or with another fact (`value` an ast name)."""
    attr = getattr(m, fields.field(fact))
    if isinstance(value, ast.expr):
        value = getattr(m, fields.field(_dotted(value) or ""))
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
            value = right if _dotted(right) is not None else _constant(right)
        elif (fact := _dotted(right)) is not None:
            value = _constant(left)
            op = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}.get(op, op)
        else:
            raise Untranslatable(ast.unparse(node))
        return _atom(fact, op if truth else _NEGATE[op], value, fields, m)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In):
        left, right = node.left, node.comparators[0]
        if (fact := _dotted(left)) is not None and isinstance(right, ast.List | ast.Tuple):
            values = [_constant(item) for item in right.elts]  # one of the constants, or none of them
            parts = [_atom(fact, ast.Eq if truth else ast.NotEq, value, fields, m) for value in values]
            return _either(parts) if truth else _both(parts)
        if (fact := _dotted(right)) is not None and isinstance(left, ast.Constant):
            return getattr(m, fields.member(fact, left.value)) == truth  # a constant in a list fact
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name, args = node.func.id, node.args
        if name == "exists" and len(args) == 1 and (fact := _dotted(args[0])) is not None:
            fields.presence.add(fact)
            return getattr(m, "has_" + fields.field(fact)) == truth
        if name == "coalesce" and len(args) == 2 and isinstance(args[1], ast.Constant):
            default = args[1].value
            inner = args[0]
            facts = _facts_in(inner)
            if isinstance(default, bool) and len(facts) == 1:
                fact = facts.pop()
                known = _when(inner, truth, fields, m)
                if default != truth:
                    return known
                fields.presence.add(fact)
                return known | (getattr(m, "has_" + fields.field(fact)) == False)  # durable's ==, not Python's
    raise Untranslatable(ast.unparse(node))


def _facts_in(node: ast.expr) -> set[str]:
    """The facts an expression reads (`a.b.c`, not also `a.b` and `a`)."""
    inner = {id(x.value) for x in ast.walk(node) if isinstance(x, ast.Attribute)}
    return {n for x in ast.walk(node) if id(x) not in inner and (n := _dotted(x)) is not None}  # type: ignore[arg-type]


def _in_force(rule: Rule) -> str | None:
    """A rule's period of force as a condition on its day: a finding needs the day known and inside it."""
    if rule.effective_on is None:
        return None
    on = f"({rule.effective_on.source})"
    sides = [f"{on} >= date({rule.effective_from.isoformat()!r})"] if rule.effective_from else []
    sides += [f"{on} <= date({rule.effective_until.isoformat()!r})"] if rule.effective_until else []
    return " and ".join(sides) or f"exists({rule.effective_on.source})"


def _finding_condition(rule: Rule, fields: _Fields, m: Any) -> Any:
    """durable's condition for a finding: the rule in force on its day, `when` known true, `require` known false."""
    if rule.require is None:
        raise Untranslatable(rule.id)
    parts = [_when(ast.parse(rule.require.source, mode="eval").body, False, fields, m)]
    for source in (rule.when.source if rule.when else None, _in_force(rule)):
        if source is not None:
            parts.insert(0, _when(ast.parse(source, mode="eval").body, True, fields, m))
    return _both(parts)


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


def translate(rulebook: Rulebook, name: str, copies: int = 1) -> tuple[list[Rule], _Fields, list[str]]:
    """Declare a durable ruleset of every translatable penalty rule (each `copies` times, the copies
    with ids suffixed -2, -3, … and their `when` in k − 1 more parentheses: the same work, but a text
    of their own, so that pingcha does not compute a copy's condition once with its original's); the
    rules, the field map and the list the actions append rule ids to."""
    from durable.lang import m, ruleset, when_all

    fields = _Fields()
    chosen: list[Rule] = []
    for rule in rulebook.rules_for(PENALTY):
        trial = fields.copy()
        try:
            _finding_condition(rule, trial, m)
        except Untranslatable:
            continue
        fields = trial
        chosen.append(rule)
    chosen += [_copy(rulebook, r, k) for k in range(2, copies + 1) for r in chosen]
    fired: list[str] = []
    with ruleset(name):
        for rule in chosen:
            when_all(_finding_condition(rule, fields, m))(_action(fired, rule.id))
    return chosen, fields, fired


def _copy(rulebook: Rulebook, rule: Rule, k: int) -> Rule:
    when = rule.when and compile_expression("(" * (k - 1) + rule.when.source + ")" * (k - 1), rulebook.facts)
    return dataclasses.replace(rule, id=f"{rule.id}-{k}", when=when)


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
    for (fact, member), field in fields.members.items():
        value = facts.get(fact)
        if value is not None:
            message[field] = member in value
    return message


def measure(count: int = 2000, seed: int = 2026, rounds: int = 5, copies: int = 1) -> dict[str, Any]:
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
        return list(dict.fromkeys(fired))  # a condition with `|` fires once for each alternative that holds

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
    jobs = {
        "pingcha": lambda: [decide(ctx) for ctx, _ in contexts],
        "durable": lambda: [durable_findings(message) for message in messages],
        "pingcha_written": lambda: [apply_rules(subset, PENALTY, ctx, origin) for ctx, origin in contexts],
        "durable_written": lambda: [
            written(ctx, origin, durable_findings(message))
            for (ctx, origin), message in zip(contexts, messages, strict=True)
        ],
    }
    timings: dict[str, list[float]] = {job: [] for job in jobs}
    gc.collect()
    for _ in range(rounds):
        for job, run in jobs.items():
            timings[job].append(_rate(run, len(contexts)))
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
        "ratio_per_round": _ratios(timings["pingcha"], timings["durable"]),
        "ratio_written_per_round": _ratios(timings["pingcha_written"], timings["durable_written"]),
        "ratio_median": round(statistics.median(_ratios(timings["pingcha"], timings["durable"])), 1),
        "ratio_written_median": round(
            statistics.median(_ratios(timings["pingcha_written"], timings["durable_written"])), 1
        ),
        "best_cases_per_s": {k: round(v) for k, v in best.items()},
    }


MIN_SECONDS = 0.5  # each timed job runs over the cases again and again for at least this long


def _rate(run: Any, cases: int) -> float:
    """Cases per second of `run` (one pass over the cases), passes repeated for MIN_SECONDS at least."""
    clock = time.perf_counter
    passes, started = 0, clock()
    while True:
        run()
        passes += 1
        elapsed = clock() - started
        if elapsed >= MIN_SECONDS:
            return cases * passes / elapsed


def _ratios(ours: list[float], theirs: list[float]) -> list[float]:
    return [round(p / d, 1) for p, d in zip(ours, theirs, strict=True)]


def main() -> None:
    """One measurement in its own process (durable-rules may abort the process on a large ruleset)."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    json.dump(measure(args.count, rounds=args.rounds, copies=args.copies), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
