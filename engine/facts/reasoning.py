"""The facts of a 决定书's reasoning that the published 评查标准 and the seeds check (issue 19): the 罚则 it
cites against the provision it finds violated (定性, paired by the item's 裁量基准 row), whether the
调查终结报告 and the 集体讨论记录 state the baseline applied, and whether every citation names the law in
full and is specific to 条、款、项 (通川 方案 四(四)1、2).

None of these facts belongs to a part of the file: what the file or the rulebook's tables do not show is
unknown (无法判定), never a pass or a defect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..articles import LawStructure, Provision, law_name, provision
from ..casefile import Citation, PenaltyCaseFile
from ..tables import Tables
from .common import exact_day


def reasoning_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], tables: Tables, complete: frozenset[str]
) -> None:
    _qualification_facts(case, facts, origin, tables)
    facts["agency.region"] = case.agency.region  # where a local standard's documents requirements apply
    origin["agency.region"] = "$.agency.region"
    claim = case.decision.discretion if case.decision is not None else None
    if claim is not None:
        facts["reasoning.baseline_in_report"] = claim.cited_in_report
        facts["reasoning.baseline_in_discussion"] = claim.cited_in_discussion
        origin["reasoning.baseline_in_report"] = "$.decision.discretion.cited_in_report"
        origin["reasoning.baseline_in_discussion"] = "$.decision.discretion.cited_in_discussion"
    _citation_facts(case, facts, origin, tables, "violation" in complete)


def _qualification_facts(case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], tables: Tables) -> None:
    """The cited 罚则 that do not punish the provision found violated. Known only where the item's row pairs
    the provision with its 罚则 and the 决定书's citations of both are recorded, and every provision it finds
    violated is the row's: a decision finding another provision violated is judged on that provision,
    which the row does not pair."""
    violation = case.violation
    table = tables.discretion.get(violation.item_code) if violation.item_code else None
    violated, penalties = violation.provision_violated, violation.penalty_provision
    if table is None or not (table.provision_violated and table.penalty_provision and violated and penalties):
        return
    if table.in_force(exact_day(violation.ended_on or violation.occurred_on)) is not True:
        return  # the row pairs the provisions of the law in force on its days: another version may number them otherwise
    names = tables.full_names
    found = [provision(c) for c in violated if c.article is not None]
    if len(found) < len(violated) or not all(any(p.agrees(t, names) for t in table.provision_violated) for p in found):
        return
    cited = [provision(c) for c in penalties if c.article is not None]
    if len(cited) < len(penalties):
        return  # a 罚则 of a document without numbered articles: the row cannot be compared with it
    facts["reasoning.violated_cited"] = "、".join(p.text() for p in found)
    facts["reasoning.penalty_expected"] = "、".join(p.text() for p in table.penalty_provision)
    wrong = [(i, p) for i, p in enumerate(cited) if not any(p.agrees(t, names) for t in table.penalty_provision)]
    facts["reasoning.penalty_mismatch"] = tuple(p.text() for _, p in wrong)
    origin["reasoning.violated_cited"] = "$.violation.provision_violated"
    origin["reasoning.penalty_expected"] = origin["reasoning.penalty_mismatch"] = (
        f"$.violation.penalty_provision[{wrong[0][0]}]" if wrong else "$.violation.penalty_provision"
    )


def _citation_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], tables: Tables, closed: bool
) -> None:
    """The citations by abbreviation and those not specific to 条、款、项. A defect found is known; "none"
    needs both lists recorded and every citation's law (and version on the day) in the structure table.
    A 款 or 项 a citation leaves out is a defect only where the violation part is complete: a summary
    may have left it out, not the 决定书."""
    violation = case.violation
    lists = (("provision_violated", violation.provision_violated), ("penalty_provision", violation.penalty_provision))
    cited = [(f"$.violation.{name}[{i}]", c) for name, given in lists for i, c in enumerate(given or ())]
    if not cited:
        return
    recorded = all(given is not None for _, given in lists)
    decided = case.decision.date if case.decision is not None else None
    committed = exact_day(violation.ended_on or violation.occurred_on)
    days = (decided, committed) if decided is not None and committed is not None else None
    for fact, judge in (("reasoning.abbreviated_laws", _abbreviation), ("reasoning.unspecific_citations", _depth)):
        verdicts = [(path, judge(c, tables, days, closed)) for path, c in cited]
        defects = list(dict.fromkeys(text for _, text in verdicts if text))
        if defects:
            facts[fact] = tuple(defects)
            origin[fact] = next(path for path, text in verdicts if text)
        elif recorded and all(text is not None for _, text in verdicts):
            facts[fact] = ()
            origin[fact] = "$.violation.penalty_provision"


def _abbreviation(cited: Citation, tables: Tables, _days: tuple[dt.date, dt.date] | None, _closed: bool) -> str | None:
    """The citation as a defect ("" when the law is named in full; None when the table does not know it)."""
    name = law_name(cited.law)
    rows = tables.law_rows.get(name)
    if rows is None:
        return None
    return "" if name == rows[0].law else f"《{name}》（全称《{rows[0].law}》）"


def _depth(cited: Citation, tables: Tables, days: tuple[dt.date, dt.date] | None, closed: bool) -> str | None:
    """Why the citation is not specific ("" when it is; None when the law's structure on the day is not known:
    the version in force on the decision's day and on the day of the violation must be the same one)."""
    if cited.article is None:
        return None
    row = _structure(law_name(cited.law), tables, days)
    if row is None:
        return None
    lacks = row.lacks(Provision(row.law, cited.article, cited.paragraph, cited.item))
    if lacks is None:
        return ""
    return lacks[1] if closed or not lacks[0] else None


def _structure(name: str, tables: Tables, days: tuple[dt.date, dt.date] | None) -> LawStructure | None:
    if days is None:
        return None
    # a profile's own row for a law and version comes after the inherited one: the last match wins; days
    # that fall in two versions (the violation under one, the decision under the next) match none
    rows = reversed(tables.law_rows.get(name, ()))
    return next((row for row in rows if all(row.in_force(day) for day in days)), None)
