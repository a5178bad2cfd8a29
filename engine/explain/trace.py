"""Why a rule passed, found a defect, could not decide, or did not apply — as plain data.

The rules run as they always do (engine.evaluate: the outcome shown is the one a check gives); only
then are the asked rules' expressions run one by one on the same facts, to show the value of each
condition, of every fact read (with the JSON path it came from), of the derived classifications and
parameters on the way, and the tables consulted. Nothing here runs unless an explanation is asked for:
evaluation itself carries no tracing.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
from typing import Any

from ..casefile import CaseFile
from ..errors import StageError, Undecidable
from ..evaluate import apply_rules, build_context, day_of
from ..expr import BOOL, FUNCTION_DOCS, Compiled, Context, Open, compile_expression
from ..laws import in_force
from ..rulebook import Rule, Rulebook
from ..tables import Parameter
from ..workcal import WorkCalendar

ALL = "all"
FINDING, PASS, UNDETERMINED, NOT_APPLICABLE = "finding", "pass", "undetermined", "not_applicable"


class UnknownRuleError(StageError):
    """An --explain rule id the rulebook does not have; the message names the nearest ids."""

    stage = "explain"

    def __init__(self, rule_id: str, rulebook: Rulebook) -> None:
        ids = [rule.id for rule in rulebook.rules]
        close = difflib.get_close_matches(rule_id, ids, n=5, cutoff=0.5)
        near = f"相近的规则编号：{'、'.join(close)}" if close else f"全部规则编号见 pingcha rules facts {rulebook.name}"
        super().__init__(f"规则集 {rulebook.name} 中没有规则 “{rule_id}”；{near}")


def explain_case(
    case: CaseFile,
    rulebook: Rulebook,
    as_of: dt.date,
    calendar: WorkCalendar,
    rule_id: str = ALL,
    decided_on: dt.date | None = None,
    source: str = "",
) -> dict[str, Any]:
    """The explanation of one rule (`rule_id`) or of every applicable one (`all`) for a case on `as_of`;
    `decided_on` stands for the decision's date (a draft's intended decision)."""
    ctx, origin = build_context(case, rulebook, as_of, calendar, decided_on)
    return {
        "case_id": case.case_id,
        "source": source,
        "as_of": as_of.isoformat(),
        "rulebook": rulebook.identity(),
        **({"intended_decision_date": decided_on.isoformat()} if decided_on else {}),
        **explain_rules(rulebook, case.case_type, ctx, origin, rule_id),
    }


def explain_rules(
    rulebook: Rulebook, case_type: str, ctx: Context, origin: dict[str, str], rule_id: str = ALL
) -> dict[str, Any]:
    """`rules`: the asked rule's trace, or every applicable rule's in rulebook order; `not_applicable`:
    the ids of the rules of the case type that did not apply (for `all`)."""
    if rule_id != ALL and not any(rule.id == rule_id for rule in rulebook.rules):
        raise UnknownRuleError(rule_id, rulebook)
    outcomes = apply_rules(rulebook, case_type, ctx, origin)
    said: dict[str, dict[str, Any]] = {rule_id: {"outcome": PASS} for rule_id in outcomes.passed}
    for finding in outcomes.findings:
        evidence = list(finding.evidence)
        said[finding.rule.id] = {"outcome": FINDING, "message": finding.message, "evidence": evidence}
    for undetermined in outcomes.undetermined:
        said[undetermined.rule.id] = {"outcome": UNDETERMINED, "reason": undetermined.reason}
    tracer = _Tracer(rulebook, case_type, ctx, origin)
    if rule_id != ALL:
        rule = next(rule for rule in rulebook.rules if rule.id == rule_id)
        return {"rules": [tracer.trace(rule, said.get(rule.id))], "not_applicable": []}
    rules = rulebook.rules_for(case_type)
    return {
        "rules": [tracer.trace(rule, said[rule.id]) for rule in rules if rule.id in said],
        "not_applicable": [rule.id for rule in rules if rule.id not in said],
    }


def json_value(value: Any) -> Any:
    """A fact's value as JSON: dates as YYYY-MM-DD, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return [json_value(v) for v in value]
    return value


class _Tracer:
    def __init__(self, rulebook: Rulebook, case_type: str, ctx: Context, origin: dict[str, str]) -> None:
        self.rulebook = rulebook
        self.case_type = case_type
        self.ctx = ctx
        self.origin = origin
        self.derived = {f"derived.{d.name}": d for d in rulebook.derived}

    def trace(self, rule: Rule, said: dict[str, Any] | None) -> dict[str, Any]:
        day = day_of(rule, self.ctx)
        basis = rule.basis_on(day)
        own_type = self.case_type in rule.case_types  # a rule of another case type is not even looked at
        when = self._condition(rule.when, run=own_type)
        effective = self._effective(rule) if own_type else None
        outcome = said or {"outcome": NOT_APPLICABLE, "reason": self._not_applicable(rule, when, effective)}
        # `require` is looked at only once the rule applies on a day in its period
        reached = outcome["outcome"] != NOT_APPLICABLE and (when is None or when["value"] is True)
        reached = reached and (effective is None or effective["in_period"] is True)
        require = self._condition(rule.require, run=reached)
        facts, derived, parameters = self._reads(rule) if own_type else ([], [], [])
        return {
            "rule_id": rule.id,
            "title": rule.title,
            "family": rule.family,
            "category": rule.category,
            "severity": rule.severity,
            "points": 0 if rule.severity == "veto" else rule.points,
            "file": f"{rule.file}:{rule.line}",
            "basis": [citation.text() for citation in basis],
            "basis_in_force": all(citation.covers(day) for citation in basis),
            "day": day.isoformat(),
            "effective": effective,
            "when": when,
            "require": require,
            "undetermined_text": rule.undetermined,
            "functions": self._functions(
                [c.source for c in (rule.effective_on, rule.when, rule.require) if c] + [d["expr"] for d in derived]
            ),
            "facts": facts,
            "derived": derived,
            "parameters": parameters,
            "unknown": self._unknown(rule) if own_type else [],
            "tables": self._tables(facts + derived),
            **outcome,
        }

    # --- conditions -------------------------------------------------------------------------------

    def _run(self, compiled: Compiled) -> tuple[Any, str | None]:
        try:
            return compiled.run(self.ctx), None
        except Undecidable as gap:
            return None, str(gap)

    def _condition(self, compiled: Compiled | None, run: bool = True) -> dict[str, Any] | None:
        """A `when` or `require`: its text and value, and the value of each part joined by its top-level
        and / or (which part made it hold, fail or stay unknown); `run` false: not looked at, no values."""
        if compiled is None:
            return None
        value, gap = self._run(compiled) if run else (None, None)
        parts: list[dict[str, Any]] = []
        tree = ast.parse(compiled.source, mode="eval").body
        if isinstance(tree, ast.BoolOp):
            for node in tree.values:
                text = ast.get_source_segment(compiled.source, node) or ast.unparse(node)
                part = compile_expression(text, self.rulebook.facts, BOOL)  # it compiled within the whole
                part_value, part_gap = self._run(part) if run else (None, None)
                parts.append({"source": text, "value": part_value, "gap": part_gap})
        joined = "and" if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else "or"
        return {
            "source": compiled.source,
            "evaluated": run,
            "value": value,
            "gap": gap,
            "joined": joined if parts else None,
            "parts": parts,
        }

    def _effective(self, rule: Rule) -> dict[str, Any] | None:
        if rule.effective_on is None:
            return None
        on, gap = self._run(rule.effective_on)
        inside = None
        if on is not None:
            inside = not (
                (rule.effective_from is not None and on < rule.effective_from)
                or (rule.effective_until is not None and on > rule.effective_until)
            )
        return {
            "from": rule.effective_from.isoformat() if rule.effective_from else None,
            "until": rule.effective_until.isoformat() if rule.effective_until else None,
            "period": in_force(rule.effective_from, rule.effective_until),
            "by": rule.effective_on.source,
            "by_title": rule.dated_by(self.rulebook.facts),
            "on": on.isoformat() if on is not None else None,
            "gap": gap,
            "absent": on is None and all(self._state(name) == "absent" for name in rule.effective_on.names),
            "in_period": inside,
            "before": UNDETERMINED if rule.undetermined_before else NOT_APPLICABLE,
            "after": UNDETERMINED if rule.undetermined_after else NOT_APPLICABLE,
        }

    def _not_applicable(self, rule: Rule, when: dict[str, Any] | None, effective: dict[str, Any] | None) -> str:
        """Why a rule the check counted as not applicable did not apply (the same order as engine.evaluate:
        another case type, its `when` false, or its day outside a period where it does not apply)."""
        if self.case_type not in rule.case_types:
            return f"本规则适用于{'、'.join(rule.case_types)}案卷，本案为{self.case_type}案卷"
        if when is not None and when["value"] is False:
            failed = [p["source"] for p in when["parts"] if p["value"] is False] if when["joined"] == "and" else []
            return f"适用条件不成立：{'；'.join(failed or [when['source']])}"
        if effective is not None and effective["in_period"] is False:
            side = "此前" if effective["from"] and effective["on"] < effective["from"] else "此后"
            return (
                f"本项规定{effective['period']}，本案{effective['by_title']} {effective['on']} 不在其施行期间，"
                f"{side}本项不适用"
            )
        raise AssertionError(f"{rule.id}: not applicable for a reason engine.evaluate does not give")

    # --- what the rule read ----------------------------------------------------------------------

    def _reads(self, rule: Rule) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """The facts, derived classifications and parameters the rule read, directly or through a
        derived one, each once, in the order first read."""
        order: dict[str, None] = {}
        pending = [n for c in (rule.effective_on, rule.when, rule.require, *rule.message.parts) if c for n in c.names]
        pending.reverse()
        while pending:
            name = pending.pop()
            if name in order:
                continue
            order[name] = None
            if name in self.derived:
                pending.extend(reversed(self.derived[name].expr.names))
        facts = [self._fact(n) for n in order if not n.startswith(("derived.", "param."))]
        derived = [self._derived(n) for n in order if n.startswith("derived.")]
        parameters = [self._parameter(n) for n in order if n.startswith("param.")]
        return facts, derived, parameters

    def _unknown(self, rule: Rule) -> list[str]:
        """The facts the file does not show and the parameters without a value that the rule read,
        directly or through a derived classification that has no value itself: what leaves it 无法判定."""
        facts, found = self.ctx.facts, dict[str, None]()
        pending = [n for c in (rule.effective_on, rule.when, rule.require) if c for n in c.names]
        pending.reverse()
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in self.derived:
                if facts.get(name) is None:
                    pending.extend(reversed(self.derived[name].expr.names))
            elif self._state(name) in ("unknown", "partial"):  # a parameter without a value is unknown
                found[name] = None
        return list(found)

    def _state(self, name: str) -> str:
        value = self.ctx.facts.get(name)
        if value.__class__ is Open:
            return "partial"
        if value is not None:
            return "present"
        return "absent" if name in self.ctx.absent else "unknown"

    def _fact(self, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "title": self.rulebook.facts[name].title,
            "value": json_value(self.ctx.facts.get(name)),
            "state": self._state(name),
            "path": self.origin.get(name),
        }

    def _derived(self, name: str) -> dict[str, Any]:
        derived = self.derived[name]
        return {
            "name": name,
            "title": derived.title,
            "expr": derived.expr.source,
            "value": json_value(self.ctx.facts.get(name)),
            "state": self._state(name),
        }

    def _parameter(self, name: str) -> dict[str, Any]:
        parameter: Parameter = self.rulebook.parameters[name.removeprefix("param.")]
        on = self.ctx.facts.get(parameter.on) if parameter.on else None
        version = parameter.version_on(on)
        dated = any(v.since is not None or v.until is not None for v in parameter.versions)
        return {
            "name": name,
            "title": parameter.title,
            "value": json_value(self.ctx.facts.get(name)),
            "by": parameter.on if dated else None,
            "on": on.isoformat() if isinstance(on, dt.date) and dated else None,
            "version": None
            if version is None
            else {
                "period": in_force(version.since, version.until) if dated else None,
                "basis": version.basis,
            },
            "unconfirmed": parameter.unconfirmed,
        }

    @staticmethod
    def _functions(sources: list[str]) -> dict[str, str]:
        """The functions the expressions shown call, with what each means."""
        used: set[str] = set()
        for source in sources:
            tree = ast.parse(source, mode="eval")
            used.update(n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
        return {name: FUNCTION_DOCS[name] for name in sorted(used) if name in FUNCTION_DOCS}

    # --- tables --------------------------------------------------------------------------------------

    def _tables(self, read: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The table rows the facts read came from: the 裁量基准 of the violation's item, the 不予处罚 or
        从轻/减轻 list entry, an industry's key inspection items."""
        names = {entry["name"] for entry in read}
        facts, tables = self.ctx.facts, self.rulebook.tables
        rows: list[dict[str, Any]] = []
        code = facts.get("violation.item_code")
        if any(n.startswith("baseline.") for n in names) and code in tables.discretion:
            table = tables.discretion[code]
            period = in_force(table.in_force_from, table.in_force_until)
            rows.append(_row("裁量基准", table.id, table.title, table.basis, table.file, table.line, period))
        for prefix, lists in (("exemption.", ("不予处罚",)), ("mitigation.", ("减轻处罚", "从轻处罚"))):
            title = facts.get(f"{prefix}entry")
            if title is None or code is None or not any(n.startswith(prefix) for n in names):
                continue
            for list_name in lists:
                for entry in tables.lists.get((list_name, code), ()):
                    if entry.title == title:
                        rows.append(
                            _row(f"{list_name}清单", entry.id, entry.title, entry.basis, entry.file, entry.line)
                        )
        industry = facts.get("party.industry")
        if any(n.startswith("plan.") and "key_items" in n for n in names) and industry in tables.key_items:
            items = tables.key_items[industry]
            rows.append(_row("重点检查事项", items.id, items.title, items.basis, items.file, items.line))
        return rows


def _row(kind: str, id: str, title: str, basis: str, file: str, line: int, period: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "id": id, "title": title, "basis": basis, "file": f"{file}:{line}", "period": period}
