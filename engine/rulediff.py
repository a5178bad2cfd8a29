"""`pingcha rules diff OLD NEW --corpus DIR`: what a rulebook change does to the findings over a corpus.

OLD and NEW are each a profile folder, a bundled profile name, or `REV:PATH` — the profile at PATH
(relative to the repository root) in git revision REV, e.g. `HEAD~1:rules/national`; the folder
holding it (so the profiles it extends come along) is written out with `git archive` to a temporary
folder for the run. Every case file of the corpus is scored with both; the report lists, per file
whose result changed, the findings added, removed and changed and the score and grade before and
after, plus what changed in the rulebook itself. Output is deterministic: files in path order,
findings in rulebook order, no timings, no temporary paths.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .casefile import load_case_file
from .errors import CaseFileError, InputFileError, RulebookError
from .evaluate import evaluate_case
from .expr import format_value
from .render import SEVERITY_LABEL, result_to_dict
from .rulebook import Rule, Rulebook, display_path, load_rulebook
from .scoring import DEFINITE
from .tables import Parameter
from .workcal import WorkCalendar

FINDING_FIELDS = ("title", "severity", "category", "points", "message", "basis", "evidence")


# --- getting the two rulebooks -------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path, spec: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise RulebookError(spec, None, "git", f"无法运行 git：{exc}") from None
    if done.returncode != 0:
        raise RulebookError(spec, None, "git", done.stderr.decode(errors="replace").strip() or "git failed")
    return done.stdout


def is_revision(spec: str) -> bool:
    """`REV:PATH` names a profile in a git revision; an existing folder never does."""
    return ":" in spec and not Path(spec).exists()


@contextlib.contextmanager
def materialise(spec: str, repo: Path | None = None) -> Iterator[str]:
    """A profile to load: a folder or bundled name as is, or `REV:PATH` written out to a temporary folder.

    `repo` is any folder inside the git repository (default: the working directory)."""
    if not is_revision(spec):
        yield spec
        return
    revision, _, path = spec.partition(":")
    top = Path(_git(["rev-parse", "--show-toplevel"], repo or Path.cwd(), spec).decode().strip())
    profile = PurePosixPath(path.strip("/"))
    _git(["cat-file", "-e", f"{revision}:{profile / 'profile.yaml'}"], top, spec)
    parent = str(profile.parent)
    archive = _git(["archive", "--format=tar", revision, "--", parent], top, spec)
    folder = Path(tempfile.mkdtemp(prefix="pingcha-diff-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4: refuse links and paths leaving the folder
                tar.extractall(folder, filter="data")
            else:  # pragma: no cover - the archive comes from the user's own repository
                tar.extractall(folder)
        yield str(folder / profile)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- what changed in the rulebook ----------------------------------------------------------------


def _rule_signature(rule: Rule) -> dict[str, str]:
    def src(compiled: Any) -> str:
        return compiled.source if compiled is not None else ""

    effective = ""
    if rule.effective_on is not None:
        effective = f"{rule.effective_from or ''}..{rule.effective_until or ''} by {rule.effective_on.source}"
    return {
        "title": rule.title,
        "family": rule.family,
        "category": rule.category,
        "severity": rule.severity,
        "points": format_value(rule.points),
        "basis": "；".join(c.text() for c in rule.basis),
        "when": src(rule.when),
        "require": src(rule.require),
        "undetermined": rule.undetermined or "",
        "effective": effective,
        "message": rule.message.template,
    }


def _parameter_text(parameter: Parameter) -> str:
    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "，".join(f"{k} {format_value(x)}" for k, x in v.items())
        return format_value(v)

    if len(parameter.versions) == 1 and parameter.on is None:
        return value(parameter.versions[0].value)
    parts = []
    for version in parameter.versions:
        span = f"{version.since or ''}～{version.until or ''}"
        parts.append(f"{span}: {value(version.value)}")
    return "；".join(parts)


def _table_signature(table: Any) -> str:
    fields = {k: v for k, v in vars(table).items() if k not in ("file", "line")}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def _table_signatures(rulebook: Rulebook) -> dict[str, str]:
    tables = rulebook.tables
    signatures = {f"裁量基准 {t.id}": _table_signature(t) for t in tables.discretion.values()}
    signatures.update({f"裁量模式 {s.id}": _table_signature(s) for s in tables.schemes.values()})
    signatures.update(
        {f"{e.list}清单 {e.id}": _table_signature(e) for entries in tables.lists.values() for e in entries}
    )
    return signatures


def _section(old: dict[str, str], new: dict[str, str]) -> dict[str, Any]:
    return {
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "changed": [{"name": k, "old": old[k], "new": new[k]} for k in sorted(set(old) & set(new)) if old[k] != new[k]],
    }


def rulebook_changes(old: Rulebook, new: Rulebook) -> dict[str, Any]:
    """Rules, parameters, derived classifications, table rows and scoring that differ between two rulebooks."""
    old_rules = {r.id: _rule_signature(r) for r in old.rules}
    new_rules = {r.id: _rule_signature(r) for r in new.rules}
    rules = {
        "added": [r.id for r in new.rules if r.id not in old_rules],
        "removed": [r.id for r in old.rules if r.id not in new_rules],
        "changed": [
            {
                "id": rule_id,
                "fields": [
                    {"field": key, "old": before[key], "new": new_rules[rule_id][key]}
                    for key in before
                    if before[key] != new_rules[rule_id][key]
                ],
            }
            for rule_id, before in old_rules.items()
            if rule_id in new_rules and before != new_rules[rule_id]
        ],
    }
    tables = _section(_table_signatures(old), _table_signatures(new))
    for change in tables["changed"]:
        change["old"] = change["new"] = ""  # the rows are long; the name says which one to open
    return {
        "rules": rules,
        "parameters": _section(
            {n: _parameter_text(p) for n, p in old.parameters.items()},
            {n: _parameter_text(p) for n, p in new.parameters.items()},
        ),
        "derived": _section({d.name: d.expr.source for d in old.derived}, {d.name: d.expr.source for d in new.derived}),
        "tables": tables,
        "scoring": old.scoring != new.scoring,
    }


# --- what changed in the results -----------------------------------------------------------------


@dataclass
class FileDiff:
    source: str
    case_id: str
    old: dict[str, Any]  # score block of result_to_dict
    new: dict[str, Any]
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)  # {rule_id, title, fields: [{field, old, new}]}
    undetermined_added: list[dict[str, Any]] = field(default_factory=list)
    undetermined_removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def score_changed(self) -> bool:
        return bool(self.old["score"] != self.new["score"])

    @property
    def grade_changed(self) -> bool:
        return bool(self._verdict(self.old) != self._verdict(self.new))

    @staticmethod
    def _verdict(score: dict[str, Any]) -> str:
        return "不合格卷" if score["vetoed"] else str(score["grade"])

    @property
    def any(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.changed
            or self.undetermined_added
            or self.undetermined_removed
            or self.old != self.new
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "case_id": self.case_id,
            "score": {"old": self.old, "new": self.new},
            "findings": {"added": self.added, "removed": self.removed, "changed": self.changed},
            "undetermined": {"added": self.undetermined_added, "removed": self.undetermined_removed},
        }


def _finding_view(finding: dict[str, Any]) -> dict[str, Any]:
    return {key: finding[key] for key in ("rule_id", *FINDING_FIELDS)}


def diff_results(source: str, old: dict[str, Any], new: dict[str, Any]) -> FileDiff:
    """Compare two result documents (result_to_dict) of one case file; a rule gives at most one finding."""
    result = FileDiff(source, old["case_id"], old["score"], new["score"])
    before = {f["rule_id"]: f for f in old["findings"]}
    after = {f["rule_id"]: f for f in new["findings"]}
    result.added = [_finding_view(f) for f in new["findings"] if f["rule_id"] not in before]
    result.removed = [_finding_view(f) for f in old["findings"] if f["rule_id"] not in after]
    for finding in new["findings"]:
        previous = before.get(finding["rule_id"])
        if previous is None:
            continue
        fields = [
            {"field": key, "old": previous[key], "new": finding[key]}
            for key in FINDING_FIELDS
            if previous[key] != finding[key]
        ]
        if fields:
            result.changed.append({"rule_id": finding["rule_id"], "title": finding["title"], "fields": fields})
    undetermined_before = {u["rule_id"]: u for u in old["undetermined"]}
    undetermined_after = {u["rule_id"]: u for u in new["undetermined"]}
    result.undetermined_added = [u for u in new["undetermined"] if undetermined_before.get(u["rule_id"]) != u]
    result.undetermined_removed = [u for u in old["undetermined"] if undetermined_after.get(u["rule_id"]) != u]
    return result


@dataclass
class RulebookDiff:
    old_label: str
    new_label: str
    old: dict[str, str]  # rulebook identity
    new: dict[str, str]
    corpus: str
    as_of: dt.date
    scored: int
    rejected: list[str]
    files: list[FileDiff]  # only the files whose result changed
    rulebook: dict[str, Any]

    def totals(self) -> dict[str, int]:
        return {
            "files": self.scored + len(self.rejected),
            "scored": self.scored,
            "rejected": len(self.rejected),
            "changed_files": len(self.files),
            "findings_added": sum(len(f.added) for f in self.files),
            "findings_removed": sum(len(f.removed) for f in self.files),
            "findings_changed": sum(len(f.changed) for f in self.files),
            "score_changes": sum(f.score_changed for f in self.files),
            "grade_changes": sum(f.grade_changed for f in self.files),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"label": self.old_label, **self.old},
            "new": {"label": self.new_label, **self.new},
            "corpus": self.corpus,
            "as_of": self.as_of.isoformat(),
            "summary": self.totals(),
            "rulebook_changes": self.rulebook,
            "files": [f.to_dict() for f in self.files],
            "rejected": self.rejected,
        }


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.json")) if corpus.is_dir() else [corpus]


def diff_rulebooks(
    old_spec: str,
    new_spec: str,
    corpus: Path,
    as_of: dt.date,
    calendar: WorkCalendar | None = None,
    repo: Path | None = None,
) -> RulebookDiff:
    """Score every case file of the corpus with both rulebooks and keep the files whose result changed."""
    calendar = calendar or WorkCalendar()
    with materialise(old_spec, repo) as old_path, materialise(new_spec, repo) as new_path:
        old_book, new_book = load_rulebook(old_path), load_rulebook(new_path)
    files: list[FileDiff] = []
    rejected: list[str] = []
    scored = 0
    paths = corpus_files(corpus)
    if not paths:
        raise RulebookError(str(corpus), None, "empty-corpus", "语料目录中没有 *.json 案卷")
    for path in paths:
        source = display_path(path.resolve()) if path.is_absolute() else path.as_posix()
        try:
            case = load_case_file(path)
        except (CaseFileError, InputFileError):
            rejected.append(source)
            continue
        scored += 1
        before = result_to_dict(evaluate_case(case, old_book, as_of, calendar, source))
        after = result_to_dict(evaluate_case(case, new_book, as_of, calendar, source))
        change = diff_results(source, before, after)
        if change.any:
            files.append(change)
    return RulebookDiff(
        old_spec,
        new_spec,
        old_book.identity(),
        new_book.identity(),
        display_path(corpus) if corpus.is_absolute() else corpus.as_posix(),
        as_of,
        scored,
        rejected,
        files,
        rulebook_changes(old_book, new_book),
    )


# --- rendering -----------------------------------------------------------------------------------


def _identity(label: str, identity: dict[str, str]) -> str:
    return f"{label}（{identity['name']} {identity['version']}，{identity['content_hash'][:12]}）"


def _score_text(score: dict[str, Any]) -> str:
    """82—86 良好（暂定）: the score or its range, the grade and how sure it is."""
    verdict = "不合格卷" if score["vetoed"] else score["grade"]
    low, high = format_value(score["low"]), format_value(score["score"])
    status = score["grade_status"]
    return f"{high if low == high else f'{low}—{high}'} {verdict}{'' if status == DEFINITE else f'（{status}）'}"


def _deductions(score: dict[str, Any]) -> str:
    return "，".join(f"{category} {format_value(points)}" for category, points in score["deductions"].items())


def _finding_line(finding: dict[str, Any]) -> str:
    points = "否决项" if finding["severity"] == "veto" else f"扣 {format_value(finding['points'])} 分"
    return (
        f"[{SEVERITY_LABEL[finding['severity']]}] {finding['title']}  {points}  <{finding['rule_id']}>："
        f"{finding['message']}"
    )


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "；".join(map(str, value)) or "无"
    if isinstance(value, str):
        return SEVERITY_LABEL.get(value, value)
    return format_value(value)


def _rulebook_lines(changes: dict[str, Any]) -> list[str]:
    lines = []
    rules = changes["rules"]
    lines += [f"新增规则 {rule_id}" for rule_id in rules["added"]]
    lines += [f"删除规则 {rule_id}" for rule_id in rules["removed"]]
    for change in rules["changed"]:
        parts = [f"{f['field']}：{f['old'] or '（无）'} → {f['new'] or '（无）'}" for f in change["fields"]]
        lines.append(f"修改规则 {change['id']}：" + "；".join(parts))
    for label, key in (("参数", "parameters"), ("派生分类", "derived"), ("表格", "tables")):
        section = changes[key]
        lines += [f"新增{label} {name}" for name in section["added"]]
        lines += [f"删除{label} {name}" for name in section["removed"]]
        for change in section["changed"]:
            detail = f"：{change['old']} → {change['new']}" if change["old"] or change["new"] else ""
            lines.append(f"修改{label} {change['name']}{detail}")
    if changes["scoring"]:
        lines.append("计分办法有变化")
    return lines


def _summary_line(diff: RulebookDiff) -> str:
    t = diff.totals()
    return (
        f"{t['changed_files']}/{t['scored']} 份案卷结果有变化：问题新增 {t['findings_added']}、消除 "
        f"{t['findings_removed']}、变化 {t['findings_changed']}；得分变化 {t['score_changes']} 份，"
        f"等次变化 {t['grade_changes']} 份"
    )


def render_text(diff: RulebookDiff) -> str:
    lines = [
        f"旧规则集 {_identity(diff.old_label, diff.old)}",
        f"新规则集 {_identity(diff.new_label, diff.new)}",
        f"语料 {diff.corpus}：{diff.scored} 份案卷"
        + (f"，{len(diff.rejected)} 份无法读取" if diff.rejected else "")
        + f"  评查基准日 {diff.as_of.isoformat()}",
        "",
    ]
    changes = _rulebook_lines(diff.rulebook)
    lines.append("规则集变化：" if changes else "规则集内容没有变化。")
    lines += [f"  {line}" for line in changes]
    for file in diff.files:
        lines += ["", f"{file.source}  {file.case_id}"]
        same = _score_text(file.old) == _score_text(file.new)
        lines.append(f"  得分 {_score_text(file.old)}" + ("（不变）" if same else f" → {_score_text(file.new)}"))
        if file.old["deductions"] != file.new["deductions"]:
            lines.append(f"  扣分 {_deductions(file.old)} → {_deductions(file.new)}")
        lines += [f"  + {_finding_line(f)}" for f in file.added]
        lines += [f"  - {_finding_line(f)}" for f in file.removed]
        for change in file.changed:
            lines.append(f"  ~ {change['title']}  <{change['rule_id']}>")
            for f in change["fields"]:
                lines.append(f"      {f['field']}: - {_value(f['old'])}")
                lines.append(f"      {' ' * len(f['field'])}  + {_value(f['new'])}")
        lines += [f"  + 无法判定 <{u['rule_id']}>：{u['reason']}" for u in file.undetermined_added]
        lines += [f"  - 无法判定 <{u['rule_id']}>：{u['reason']}" for u in file.undetermined_removed]
    lines += ["", _summary_line(diff)]
    return "\n".join(lines)


def render_json(diff: RulebookDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, sort_keys=True, indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: RulebookDiff) -> str:
    """For the review of a rulebook change (a pull or merge request comment)."""
    lines = [
        "### 规则集变更对评查结果的影响",
        "",
        f"- 旧：`{diff.old_label}` {diff.old['name']} {diff.old['version']} `{diff.old['content_hash'][:12]}`",
        f"- 新：`{diff.new_label}` {diff.new['name']} {diff.new['version']} `{diff.new['content_hash'][:12]}`",
        f"- 语料：`{diff.corpus}`，{diff.scored} 份案卷"
        + (f"（另有 {len(diff.rejected)} 份无法读取）" if diff.rejected else "")
        + f"，评查基准日 {diff.as_of.isoformat()}",
        "",
        f"**{_summary_line(diff)}**",
        "",
    ]
    changes = _rulebook_lines(diff.rulebook)
    if changes:
        lines += ["#### 规则集变化", "", *(f"- {_cell(line)}" for line in changes), ""]
    if diff.files:
        lines += [
            "#### 结果有变化的案卷",
            "",
            "| 案卷 | 得分（旧 → 新） | 新增 | 消除 | 变化 |",
            "|---|---|---:|---:|---:|",
        ]
        for file in diff.files:
            lines.append(
                f"| `{_cell(file.source)}` {_cell(file.case_id)} | {_cell(_score_text(file.old))} → "
                f"{_cell(_score_text(file.new))} | {len(file.added)} | {len(file.removed)} | {len(file.changed)} |"
            )
        lines.append("")
        for file in diff.files:
            lines += [f"<details><summary><code>{file.source}</code> {file.case_id}</summary>", ""]
            lines += [f"- ➕ {_cell(_finding_line(f))}" for f in file.added]
            lines += [f"- ➖ {_cell(_finding_line(f))}" for f in file.removed]
            for change in file.changed:
                fields = "；".join(f"{f['field']}：{_value(f['old'])} → {_value(f['new'])}" for f in change["fields"])
                lines.append(f"- ✏️ {_cell(change['title'])} `{change['rule_id']}`：{_cell(fields)}")
            lines += [f"- ➕ 无法判定 `{u['rule_id']}`：{_cell(u['reason'])}" for u in file.undetermined_added]
            lines += [f"- ➖ 无法判定 `{u['rule_id']}`：{_cell(u['reason'])}" for u in file.undetermined_removed]
            lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"
