"""An explanation (engine.explain.trace) as Chinese text for a legal reviewer."""

from __future__ import annotations

from typing import Any

from ..expr import format_value
from .trace import ALL, FINDING, NOT_APPLICABLE, PASS, UNDETERMINED

OUTCOME_LABEL = {FINDING: "发现问题", PASS: "通过", UNDETERMINED: "无法判定", NOT_APPLICABLE: "不适用"}
SEVERITY_LABEL = {"veto": "否决", "major": "严重", "minor": "一般"}
_TRUTH = {True: "成立", False: "不成立", None: "未知"}
_JOINED = {"and": "各项（均须成立）：", "or": "各项（任一成立即可）："}


def _dates(document: dict[str, Any]) -> str:
    """A check's 评查基准日; a review's 审核日 and the intended decision's date."""
    if "intended_decision_date" in document:
        return f"审核日 {document['as_of']}  拟作出决定日期 {document['intended_decision_date']}"
    return f"评查基准日 {document['as_of']}"


def to_text(document: dict[str, Any], rule_id: str = ALL) -> str:
    """The explanation of one rule in full; for `all`, each applicable rule's outcome with what it read."""
    rulebook = document["rulebook"]
    lines = [
        f"案卷 {document['case_id']}  ({document['source']})" if document["source"] else f"案卷 {document['case_id']}",
        f"规则集 {rulebook['name']} {rulebook['version']}  " + _dates(document),
    ]
    rules = document["rules"]
    if rule_id == ALL:
        counts = {
            outcome: sum(1 for r in rules if r["outcome"] == outcome) for outcome in (FINDING, PASS, UNDETERMINED)
        }
        lines.append(
            f"适用的规则 {len(rules)} 条：发现问题 {counts[FINDING]}，通过 {counts[PASS]}，无法判定 {counts[UNDETERMINED]}；"
            f"不适用 {len(document['not_applicable'])} 条"
        )
    for rule in rules:
        lines += ["", *_block(rule, full=rule_id != ALL)]
    if rule_id == ALL and document["not_applicable"]:
        lines += ["", f"不适用的规则 {len(document['not_applicable'])} 条（未列出；用 --explain 规则编号 查看原因）"]
    return "\n".join(lines)


def _block(rule: dict[str, Any], full: bool) -> list[str]:
    points = "" if rule["severity"] == "veto" else f"，扣 {format_value(rule['points'])} 分"
    lines = [
        f"【{rule['rule_id']}】{rule['title']}",
        f"  结果：{_outcome(rule)}",
        *([f"  证据：{'、'.join(rule['evidence'])}"] if rule.get("evidence") else []),
        *([f"  未知的事实与参数：{_unknown(rule)}"] if rule["outcome"] == UNDETERMINED and rule["unknown"] else []),
        f"  {rule['family']} · {rule['category']} · {SEVERITY_LABEL[rule['severity']]}{points}（{rule['file']}）",
        f"  依据（{_basis_label(rule)}）：{'；'.join(rule['basis'])}",
    ]
    if rule["effective"] is not None:
        lines.append(f"  施行期间：{_effective(rule['effective'])}")
    if full:
        lines += _condition("适用条件（when）", rule["when"], "无（凡此类案卷均适用）")
        lines += _condition("要求（require）", rule["require"], f"无（本项只能人工判定：{rule['undetermined_text']}）")
    lines += _facts(rule, full)
    if full and rule["tables"]:
        lines.append("  查阅的表格：")
        for row in rule["tables"]:
            period = f"，{row['period']}" if row["period"] and row["period"] != "施行" else ""
            lines.append(f"    {row['kind']} {row['id']} {row['title']}（{row['file']}{period}）；依据 {row['basis']}")
    if full and rule["functions"]:
        lines.append("  函数的含义：")
        lines += [f"    {meaning}" for meaning in rule["functions"].values()]
    return lines


def _basis_label(rule: dict[str, Any]) -> str:
    return f"{rule['day']} 施行的版本" if rule["basis_in_force"] else f"本项所引，{rule['day']} 均未施行"


def _outcome(rule: dict[str, Any]) -> str:
    outcome = rule["outcome"]
    label = OUTCOME_LABEL[outcome]
    if outcome == FINDING:
        return f"{label} — {rule['message']}"
    if outcome in (UNDETERMINED, NOT_APPLICABLE):
        return f"{label} — {rule['reason']}"
    return f"{label} — 要求成立"


def _unknown(rule: dict[str, Any]) -> str:
    titles = {read["name"]: read["title"] for read in rule["facts"] + rule["parameters"]}
    return "、".join(f"{name}（{titles[name]}）" for name in rule["unknown"])


def _effective(effective: dict[str, Any]) -> str:
    sides = []
    if effective["from"]:
        sides.append(f"此前{OUTCOME_LABEL[effective['before']]}")
    if effective["until"]:
        sides.append(f"此后{OUTCOME_LABEL[effective['after']]}")
    head = f"{effective['period']}（{'，'.join(sides)}）" if sides else effective["period"]
    if effective["on"] is None:
        if effective["absent"]:
            return f"{head}；按{effective['by_title']}判断，本案没有该日期（卷内已知没有）"
        why = f"：{effective['gap']}" if effective["gap"] else "（卷内未显示）"
        return f"{head}；按{effective['by_title']}判断，本案该日期未知{why}"
    where = {True: "在施行期间内", False: "不在施行期间内"}[effective["in_period"]]
    return f"{head}；按{effective['by_title']}判断：本案 {effective['on']}，{where}"


def _condition(label: str, condition: dict[str, Any] | None, none: str) -> list[str]:
    if condition is None:
        return [f"  {label}：{none}"]
    if not condition["evaluated"]:
        return [f"  {label}：未判断（本项不适用或其适用尚不确定）", f"    {condition['source']}"]
    gap = f"（{condition['gap']}）" if condition["gap"] else ""
    lines = [f"  {label}：{_TRUTH[condition['value']]}{gap}", f"    {condition['source']}"]
    if condition["parts"]:
        lines.append(f"    {_JOINED[condition['joined']]}")
        for part in condition["parts"]:
            truth = _TRUTH[part["value"]]
            # the sources line up: each Chinese character takes two columns
            shown = f"{truth}（{part['gap']}） " if part["gap"] else truth + " " * (8 - 2 * len(truth))
            lines.append(f"      {shown}{part['source']}")
    return lines


def _facts(rule: dict[str, Any], full: bool) -> list[str]:
    """What the rule read; in full, with each derived classification's expression and each parameter's version."""
    lines = []
    if rule["facts"]:
        lines.append("  读取的事实：")
        for fact in rule["facts"]:
            path = f"  ← {fact['path']}" if fact["path"] else ""
            lines.append(f"    {fact['name']}（{fact['title']}）= {_value(fact)}{path}")
    if rule["derived"]:
        lines.append("  派生事实：")
        for derived in rule["derived"]:
            lines.append(f"    {derived['name']}（{derived['title']}）= {_value(derived, derived=True)}")
            lines += [f"      = {derived['expr']}"] if full else []
    if rule["parameters"]:
        lines.append("  规则集参数：")
        for parameter in rule["parameters"]:
            lines.append(f"    {parameter['name']}（{parameter['title']}）= {_parameter_value(parameter)}")
            lines += [f"      {_version(parameter)}"] if full else []
            if full and parameter["unconfirmed"]:
                lines.append(f"      未经核实：{parameter['unconfirmed']}")
    return lines


def _value(fact: dict[str, Any], derived: bool = False) -> str:
    state, value = fact["state"], fact["value"]
    if state == "unknown":
        return "未知（所依的事实或参数未知）" if derived else "未知（卷内未显示）"
    if state == "absent":
        return "无（卷内已知没有）"
    if state == "partial":
        return f"{format_value(value) if value else '（未列出）'}（卷内所见，不完整）"
    return format_value(value)


def _parameter_value(parameter: dict[str, Any]) -> str:
    if parameter["value"] is not None:
        return format_value(parameter["value"])
    if parameter["version"] is not None:
        return "未设定（规则集中没有数值）"
    if parameter["by"] and parameter["on"] is None:
        return f"未知（选择版本的日期 {parameter['by']} 未知）"
    return f"未设定（没有适用于 {parameter['on']} 的版本）"


def _version(parameter: dict[str, Any]) -> str:
    version = parameter["version"]
    if version is None:
        return "适用的版本：无"
    dated = f"按 {parameter['by']} {parameter['on']} 适用的版本：{version['period']}；" if parameter["by"] else ""
    return f"{dated}依据 {version['basis']}"
