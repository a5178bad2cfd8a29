"""Load a rulebook profile: validate every file against its JSON Schema, merge the `extends` chain,
compile every expression once against the fact model. Every error names file:line."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from . import resources
from .errors import RulebookError, shorten
from .expr import BOOL, DATE, NUMBER, Compiled, ExprError, FactSpec, compile_expression, one_line
from .facts import STATIC_FACTS
from .judgements.items import DEFAULT_FAMILY, JudgementItem
from .laws import LawTable
from .sheets.model import Sheet, SheetItem, SheetStage
from .tables import Parameter, ParameterVersion, Tables, check_tables, load_tables
from .yamlsrc import Located, line_of, load_yaml, parse_date, parse_yaml, read_text

SEVERITIES = ("minor", "major", "veto")
PHASES = ("before-decision", "decision", "after-decision")
# The case type whose rules must say their phase: a review of a draft decision is for penalty cases.
PHASED_CASE_TYPE = "行政处罚"
# The case types a rule applies to when neither the rule nor its file says: rules written for the
# original model (行政处罚 only) keep their meaning.
DEFAULT_CASE_TYPES = ("行政处罚",)
SCHEMA_BASE = "https://pingcha.example/schemas/"
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

DEFAULT_SCORING: dict[str, Any] = {
    "total": 100,
    "categories": {},
    "veto_score": 0,
    "veto_grade": "不合格",
    "grades": [{"name": "合格", "min": 60}, {"name": "不合格", "min": 0}],
}


@dataclass(frozen=True)
class Citation:
    law: str
    article: int | None = None
    section: str | None = None
    paragraph: int | None = None
    item: int | None = None
    note: str | None = None
    version: str | None = None  # the version of the law it cites (laws.yaml label); None: the newest
    reference: bool = False  # a standard the reviewing unit applies, not a rule binding the agency
    label: str = ""  # the version as a finding shows it: "（2021）" where the law has had several
    since: dt.date | None = None  # the period of force of the version cited
    until: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def text(self) -> str:
        # a document number (赣应急字〔2020〕168号) is not a title: no book-title marks
        law = self.law if self.law.startswith("《") or "〔" in self.law else f"《{self.law}》"
        parts = ["参照" if self.reference else "", law, self.label]
        parts.append(f"第{self.article}条" if self.article else f"“{self.section}”部分")
        if self.paragraph:
            parts.append(f"第{self.paragraph}款")
        if self.item:
            parts.append(f"第{self.item}项")
        if self.reference:
            parts.append("（评查单位采用的标准）")
        return "".join(parts)


@dataclass(frozen=True)
class Message:
    """A message template whose {placeholders} are compiled expressions."""

    template: str
    parts: tuple[Compiled, ...]


@dataclass
class Rule:
    id: str
    title: str
    family: str
    category: str
    severity: str
    points: float
    basis: tuple[Citation, ...]
    message: Message
    when: Compiled | None
    require: Compiled | None
    undetermined: str | None
    effective_from: dt.date | None
    effective_until: dt.date | None
    effective_on: Compiled | None
    notes: str | None
    remedy: str | None  # 整改措施 for the 整改台账 (the report falls back to the family's text)
    file: str
    line: int
    reads: tuple[str, ...] = ()
    case_types: tuple[str, ...] = DEFAULT_CASE_TYPES
    phase: str | None = None  # before-decision | decision | after-decision (a review of a draft sorts by it)
    # before / after its period of force: 无法判定 (the law of the day is not encoded) unless the law then had no such duty
    undetermined_before: bool = True
    undetermined_after: bool = True
    _basis_on: dict[tuple[int, ...], tuple[Citation, ...]] = field(default_factory=dict, repr=False, compare=False)

    def dated_by(self, facts: dict[str, FactSpec]) -> str:
        """What the date the rule's law looks at is, as a reader says it: 决定日期, 立案日期（首次）或决定日期."""
        assert self.effective_on is not None
        named = "或".join(facts[n].title for n in self.effective_on.names if n in facts)
        return named or self.effective_on.source

    def basis_on(self, day: dt.date) -> tuple[Citation, ...]:
        """The citations in force on the day the rule looks at: of a law cited in several versions, the
        version of that day (all of them if none was in force: the finding then names what the rule cites)."""
        keep = tuple(i for i, c in enumerate(self.basis) if c.covers(day))
        if len(keep) == len(self.basis) or not keep:
            return self.basis
        chosen = self._basis_on.get(keep)
        if chosen is None:
            chosen = self._basis_on[keep] = tuple(self.basis[i] for i in keep)
        return chosen


@dataclass
class Derived:
    name: str
    title: str
    expr: Compiled


@dataclass
class Rulebook:
    name: str
    title: str
    version: str
    content_hash: str
    chain: tuple[str, ...]
    scoring: dict[str, Any]
    parameters: dict[str, Parameter]
    derived: list[Derived]
    rules: list[Rule]
    tables: Tables
    facts: dict[str, FactSpec] = field(default_factory=dict)
    laws: LawTable = field(default_factory=LawTable)
    region: str | None = None  # where the profile's agencies are (a province); None: nationwide
    domains: tuple[str, ...] = ()  # the fields its agencies work in; empty: any
    # a field whose special law the profile does not encode -> (the law, the rules it may displace)
    special_laws: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    judgements: tuple[JudgementItem, ...] = ()  # the items a panel judges (人工评查)
    sheet: Sheet | None = None  # the published standard's score sheet (一卷一表)
    caps: dict[str, tuple[str, float]] = field(default_factory=dict)  # its per-item caps (engine.scoring)
    _by_case_type: dict[str, tuple[tuple[Rule, ...], tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def identity(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "content_hash": self.content_hash}

    def rules_for(self, case_type: str) -> tuple[Rule, ...]:
        """The rules that apply to files of one case type (a rule of another type is not even not-applicable)."""
        return self._for(case_type)[0]

    def unconfirmed_for(self, case_type: str) -> tuple[str, ...]:
        """The notices of unconfirmed parameters that the rules of one case type read, directly or
        through a derived classification (a 行政检查 parameter says nothing about a penalty file)."""
        return self._for(case_type)[1]

    def reads_for(self, case_type: str) -> frozenset[str]:
        """Every name the rules of one case type read, directly or through a derived classification, the
        names every derived classification reads, and the facts that date the profile's parameters: the
        facts a file of that type needs computed."""
        return self._for(case_type)[2]

    def _for(self, case_type: str) -> tuple[tuple[Rule, ...], tuple[str, ...], frozenset[str]]:
        cached = self._by_case_type.get(case_type)
        if cached is None:
            rules = tuple(rule for rule in self.rules if case_type in rule.case_types)
            derived = {f"derived.{d.name}": d.expr.names for d in self.derived}
            read: set[str] = set()
            pending = [n for rule in rules for n in _rule_names(rule)]
            while pending:
                name = pending.pop()
                if name not in read:
                    read.add(name)
                    pending.extend(derived.get(name, ()))
            notices = tuple(
                f"参数“{p.title}”未经核实：{p.unconfirmed}"
                for name, p in self.parameters.items()
                if p.unconfirmed and f"param.{name}" in read
            )
            # build_context works out every derived classification and every parameter's version of the
            # day, read by a rule or not: a draft's review and an explanation show them too
            computed = {n for names in derived.values() for n in names}
            computed |= {p.on for p in self.parameters.values() if p.on}
            cached = self._by_case_type[case_type] = (rules, notices, frozenset(read | computed))
        return cached


def _rule_names(rule: Rule) -> tuple[str, ...]:
    """Every fact, parameter and derived classification a rule's expressions name."""
    names: list[str] = []
    for compiled in (rule.when, rule.require, rule.effective_on, *rule.message.parts):
        if compiled is not None:
            names += compiled.names
    return tuple(names)


@functools.cache
def ecma_pattern(pattern: str) -> str:
    """A JSON Schema `pattern` (an ECMA-262 regex) for Python's `re`: ECMA's `$` matches only at the end
    of the text, Python's also before a final newline, so an id written as a YAML block scalar
    (`id: |`, which keeps its newline) passed `^[a-z]…$`. Each `$` anchor becomes `\\Z`."""
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return "".join(out)


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """jsonschema's `pattern` keyword, with ECMA-262's `$`."""
    if validator.is_type(instance, "string") and not re.search(ecma_pattern(pattern), instance):
        what = f"（{schema['title']}）" if "title" in schema else ""
        hint = "；末尾有换行：YAML 的 | 或 > 写法会保留换行，请写在同一行" if instance.endswith("\n") else ""
        yield jsonschema.ValidationError(f"{instance!r} 不符合格式 {pattern}{what}{hint}")


# jsonschema.validators is untyped
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


def _schema(name: str) -> Any:
    """A validator for one schema of rules/schemas, with the others registered for $ref."""
    resources_ = []
    for path in (resources.rules_dir() / "schemas").glob("*.schema.json"):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))
        resources_.append((resource.contents["$id"], resource))
    registry: Registry[Any] = Registry().with_resources(resources_)
    return _Validator(registry.contents(SCHEMA_BASE + name), registry=registry)


_VALIDATORS: dict[str, Any] = {}


def _validator(name: str) -> Any:
    if name not in _VALIDATORS:
        _VALIDATORS[name] = _schema(name)
    return _VALIDATORS[name]


def _schema_error(data: Any, error: jsonschema.ValidationError) -> tuple[int | None, str]:
    path = list(error.absolute_path)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return line_of(data, path), f"{where}: {shorten(error.message)}"


def validate_file(data: Any, schema: str, display: str) -> None:
    """Validate loaded YAML against one of rules/schemas; the best-matching error names file:line."""
    validator = _validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    line, message = _schema_error(data, error)
    raise RulebookError(
        display, line, "schema", message, f"see rules/schemas/{schema} ({len(errors)} problem(s) in this file)"
    )


def schema_problems(data: Any, schema: str, display: str) -> list[RulebookError]:
    """Every schema problem of a file, one per item (rule, table row, parameter…): its best-matching error."""
    groups: dict[tuple[str, ...], list[jsonschema.ValidationError]] = {}
    for error in _validator(schema).iter_errors(data):
        groups.setdefault(tuple(map(str, list(error.absolute_path)[:2])), []).append(error)
    problems = []
    for key in sorted(groups, key=lambda k: [(0, int(p)) if p.isdigit() else (1, p) for p in k]):
        ordered = sorted(groups[key], key=lambda e: (list(map(str, e.absolute_path)), e.message))
        line, message = _schema_error(data, jsonschema.exceptions.best_match(ordered))
        problems.append(RulebookError(display, line, "schema", message, f"see rules/schemas/{schema}"))
    return problems


class _Source:
    """One YAML file of the profile chain, for error locations; `passed` the schemas it was found valid for."""

    def __init__(self, path: Path, display: str, text: str) -> None:
        self.path = path
        self.display = display
        self.data: Any = parse_yaml(text, display)
        self.passed: set[str] = set()

    def compile(self, text: str, facts: dict[str, FactSpec], line: int | None, want: str | None = None) -> Compiled:
        try:
            return compile_expression(text, facts, want)
        except ExprError as exc:
            shown = one_line(text)
            prefix = shown.encode()[: exc.col].decode(errors="ignore")  # ast columns count UTF-8 bytes
            shown, prefix = _around(shown, len(prefix))
            pointer = f"\n    {shown}\n    {' ' * _width(prefix)}^"
            raise RulebookError(self.display, line, "expression", f"{exc.message}{pointer}", exc.help) from None


def _source(path: Path, display: str) -> _Source:
    """A file of the rulebook, parsed and validated once in a process while its text stays the same: the
    profiles one batch loads all extend national, whose files are most of the text (nothing changes the
    data once parsed)."""
    return _parsed(path, display, read_text(path, display))


@functools.lru_cache(maxsize=512)
def _parsed(path: Path, display: str, text: str) -> _Source:
    return _Source(path, display, text)


def _around(text: str, column: int, width: int = 120) -> tuple[str, str]:
    """The part of a long expression an error points into (about `width` characters around
    `column`), and the part of that before the pointer."""
    if len(text) <= width:
        return text, text[:column]
    start = max(0, min(column - width // 2, len(text) - width))
    lead = "…" if start else ""
    window = lead + text[start : start + width] + ("…" if start + width < len(text) else "")
    return window, lead + text[start:column]


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def resolve_profile(name_or_path: str) -> Path:
    """A profile is a folder path, or the name of a bundled profile."""
    path = Path(name_or_path)
    if (path / "profile.yaml").is_file():
        return path
    bundled = resources.rules_dir() / name_or_path
    if (bundled / "profile.yaml").is_file():
        return bundled
    known = ", ".join(p.name for p in resources.bundled_profiles())
    raise RulebookError(name_or_path, None, "no-profile", f"没有找到规则集 `{name_or_path}`", f"bundled: {known}")


class RulebookCache:
    """Rulebooks loaded once per run; `auto` picks the bundled profile declaring the case's domain."""

    AUTO = "auto"
    FALLBACK = "national"

    def __init__(self, choice: str) -> None:
        self.choice = choice
        self._loaded: dict[str, Rulebook] = {}
        self._by_domain: dict[str, str] = {}
        if choice == self.AUTO:
            for folder in resources.bundled_profiles():
                data = load_yaml(folder / "profile.yaml", display_path(folder / "profile.yaml"))
                for domain in data.get("domains") or []:
                    self._by_domain.setdefault(domain, folder.name)
        else:
            self.get(choice)  # fail early on a bad rulebook

    def get(self, name: str) -> Rulebook:
        if name not in self._loaded:
            self._loaded[name] = load_rulebook(name)
        return self._loaded[name]

    def for_domain(self, domain: str) -> Rulebook:
        if self.choice != self.AUTO:
            return self.get(self.choice)
        return self.get(self._by_domain.get(domain, self.FALLBACK))


def load_rulebook(name_or_path: str, problems: list[RulebookError] | None = None) -> Rulebook:
    """Load, validate and compile a profile and the profiles it extends; the first error is raised.

    With a `problems` list, an error in one rule or table file, rule, parameter or derived
    classification is appended and that item left out, so that `pingcha rules lint` can report them
    all; the rulebook returned is then incomplete. Errors in the chain of profile.yaml files are
    always raised.
    """
    chain: list[tuple[Path, _Source]] = []
    folder = resolve_profile(name_or_path)
    seen: set[Path] = set()
    while True:
        folder = folder.resolve()
        if folder in seen:
            raise RulebookError(display_path(folder / "profile.yaml"), None, "extends-cycle", "extends 形成循环")
        seen.add(folder)
        manifest = _source(folder / "profile.yaml", display_path(folder / "profile.yaml"))
        if problems is not None and (found := schema_problems(manifest.data, "profile.schema.json", manifest.display)):
            problems += found[1:]
            raise found[0]
        validate_file(manifest.data, "profile.schema.json", manifest.display)
        if manifest.data["name"] != folder.name:
            raise RulebookError(
                manifest.display,
                manifest.data.key_lines["name"],
                "name-mismatch",
                f"name `{manifest.data['name']}` 与目录名 `{folder.name}` 不一致",
            )
        chain.append((folder, manifest))
        parent = manifest.data.get("extends")
        if parent is None:
            break
        folder = folder.parent / parent
        if not (folder / "profile.yaml").is_file():
            raise RulebookError(
                manifest.display, manifest.data.key_lines["extends"], "no-profile", f"继承的规则集 `{parent}` 不存在"
            )
    chain.reverse()  # root first
    return _build(chain, problems)


def _special_laws(chain: list[tuple[Path, _Source]]) -> dict[str, tuple[str, frozenset[str]]]:
    """The nearest `special_laws` of the chain, less the fields the profile itself covers (its domains)."""
    entries: list[Any] = next((s.data["special_laws"] for _, s in reversed(chain) if "special_laws" in s.data), [])
    covered = next((set(s.data["domains"]) for _, s in reversed(chain) if s.data.get("domains")), set())
    return {e["domain"]: (e["law"], frozenset(e["rules"])) for e in entries if e["domain"] not in covered}


def _citation(spec: dict[str, Any], laws: LawTable) -> Citation:
    """A rule's citation with the period of force of the version it cites, and the version label a finding
    shows where the law has had several versions."""
    citation = Citation(**spec)
    law = laws.get(citation.law)
    version = law.version(citation.version) if law is not None else None
    if law is None or version is None:
        return citation
    label = f"（{version.label}）" if len(law.versions) > 1 else ""
    return replace(citation, label=label, since=version.since, until=version.until)


def law_files(folders: list[Path]) -> list[Path]:
    """The laws tables a profile reads: the bundled one, then each folder's own laws.yaml (root first)."""
    found = [resources.rules_dir() / "laws.yaml", *(folder / "laws.yaml" for folder in folders)]
    return [path for path in dict.fromkeys(p.resolve() for p in found) if path.is_file()]


def _content_hash(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in law_files(folders):
        digest.update(b"laws.yaml\0" + path.read_bytes() + b"\0")
    for folder in folders:
        rulebook_files = [folder / "profile.yaml", *folder.glob("*.rules.yaml"), *folder.glob("*.tables.yaml")]
        for path in sorted(rulebook_files):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


class _Problems:
    """Raise each error, or (for lint) collect it and let the loader skip the item."""

    def __init__(self, collected: list[RulebookError] | None) -> None:
        self.collected = collected

    def report(self, error: RulebookError) -> None:
        if self.collected is None:
            raise error
        self.collected.append(error)

    def valid(self, source: _Source, schema: str) -> bool:
        if schema in source.passed:
            return True
        if self.collected is None:
            validate_file(source.data, schema, source.display)
        elif found := schema_problems(source.data, schema, source.display):
            self.collected += found
            return False
        source.passed.add(schema)
        return True


def _build(chain: list[tuple[Path, _Source]], collected: list[RulebookError] | None = None) -> Rulebook:
    problems = _Problems(collected)
    scoring = json.loads(json.dumps(DEFAULT_SCORING))
    param_specs: dict[str, tuple[_Source, Located]] = {}
    derived_specs: dict[str, tuple[_Source, Located]] = {}
    rule_specs: dict[str, tuple[_Source, Located]] = {}
    tables = Tables()
    disabled: list[tuple[_Source, str]] = []
    overrides: list[tuple[_Source, str, Located]] = []
    for folder, manifest in chain:
        data = manifest.data
        for key, value in (data.get("scoring") or {}).items():
            scoring[key] = value
        for name, spec in (data.get("parameters") or {}).items():
            param_specs[name] = (manifest, spec)
        for name, spec in (data.get("derived") or {}).items():
            derived_specs[name] = (manifest, spec)
        disabled += [(manifest, rule_id) for rule_id in data.get("disable") or []]
        overrides += [(manifest, rule_id, spec) for rule_id, spec in (data.get("overrides") or {}).items()]
        for path in sorted(folder.glob("*.rules.yaml")):
            try:
                source = _source(path, display_path(path))
            except RulebookError as exc:
                problems.report(exc)
                continue
            if not problems.valid(source, "rules.schema.json"):
                continue
            for spec in source.data["rules"]:
                if spec["id"] in rule_specs:
                    other, first = rule_specs[spec["id"]]
                    problems.report(
                        RulebookError(
                            source.display,
                            spec.line,
                            "duplicate-id",
                            f"规则编号 `{spec['id']}` 重复（已在 {other.display}:{first.line} 定义）",
                            "a profile changes an inherited rule's numbers through parameters; to drop one, list it under disable",
                        )
                    )
                    continue
                rule_specs[spec["id"]] = (source, spec)
        for path in sorted(folder.glob("*.tables.yaml")):
            try:
                source = _source(path, display_path(path))
                if problems.valid(source, "tables.schema.json"):
                    _load_tables(source, tables)
            except RulebookError as exc:
                problems.report(exc)
    for manifest, rule_id in disabled:
        if rule_id not in rule_specs:
            problems.report(
                RulebookError(
                    manifest.display, manifest.data.line, "unknown-rule", f"disable 中的规则 `{rule_id}` 不存在"
                )
            )
            continue
        del rule_specs[rule_id]
    try:
        check_tables(tables)
    except RulebookError as exc:
        problems.report(exc)

    try:
        _check_scoring(scoring, chain[-1][1])
    except RulebookError as exc:
        problems.report(exc)
    facts = dict(STATIC_FACTS)
    parameters = {}
    for name, (source, spec) in param_specs.items():
        facts[f"param.{name}"] = FactSpec(NUMBER, spec["title"])  # even if its definition is wrong: no cascade
        try:
            parameters[name] = _parameter(name, spec, source, facts)
        except RulebookError as exc:
            problems.report(exc)
    derived = []
    broken: list[str] = []  # derived classifications that did not compile: rules naming them are not blamed
    for name, (source, spec) in derived_specs.items():
        try:
            compiled = source.compile(spec["expr"], facts, spec.key_lines["expr"])
        except RulebookError as exc:
            problems.report(exc)
            broken.append(f"`derived.{name}`")
            continue
        derived.append(Derived(name, spec["title"], compiled))
        facts[f"derived.{name}"] = FactSpec(compiled.type, spec["title"])
    laws = LawTable()
    for path in law_files([folder for folder, _ in chain]):
        try:
            source = _source(path, display_path(path))
            if problems.valid(source, "laws.schema.json"):
                laws.add(source.data, source.display)
        except RulebookError as exc:
            problems.report(exc)
    rules = []
    for source, spec in rule_specs.values():
        try:
            rules.append(_rule(source, spec, facts, scoring, laws))
        except RulebookError as exc:
            if not any(name in exc.message for name in broken):
                problems.report(exc)
    try:
        _apply_overrides(rules, overrides, scoring, facts, laws)
    except RulebookError as exc:
        problems.report(exc)
    judgements: tuple[JudgementItem, ...] = ()
    sheet = None
    try:
        judgements = _judgements(chain, scoring, laws, {rule.id for rule in rules})
        sheet = _sheet(chain, scoring, rules, judgements, {rule_id for _, rule_id in disabled})
    except RulebookError as exc:
        problems.report(exc)
    leaf = chain[-1][1].data
    return Rulebook(
        name=leaf["name"],
        title=leaf["title"],
        version=leaf["version"],
        content_hash=_content_hash([folder for folder, _ in chain]),
        chain=tuple(source.data["name"] for _, source in chain),
        scoring=scoring,
        parameters=parameters,
        derived=derived,
        rules=rules,
        tables=tables,
        facts=facts,
        laws=laws,
        # where and in which fields the agencies are: as the nearest profile of the chain says
        region=next((s.data["region"] for _, s in reversed(chain) if "region" in s.data), None),
        domains=next((tuple(s.data["domains"]) for _, s in reversed(chain) if s.data.get("domains")), ()),
        special_laws=_special_laws(chain),
        judgements=judgements,
        sheet=sheet,
        caps=sheet.caps() if sheet else {},
    )


def _apply_overrides(
    rules: list[Rule],
    overrides: list[tuple[_Source, str, Located]],
    scoring: dict[str, Any],
    facts: dict[str, FactSpec],
    laws: LawTable,
) -> None:
    """A profile changes an inherited rule's numbers (points, severity), and for its field the rule's period
    of force and what else it rests on (a department's rules), without copying the rule."""
    by_id = {rule.id: rule for rule in rules}
    for manifest, rule_id, spec in overrides:
        line = manifest.data["overrides"].key_lines[rule_id]
        rule = by_id.get(rule_id)
        if rule is None:
            raise RulebookError(
                manifest.display, line, "unknown-rule", f"overrides 中的规则 `{rule_id}` 不存在或已停用"
            )
        rule.severity = spec.get("severity", rule.severity)
        rule.points = float(spec.get("points", rule.points))
        rule.category = spec.get("category", rule.category)  # a standard's own items (rules/licensing)
        if "effective" in spec:
            for name, value in _effective(spec["effective"], manifest, facts).items():
                setattr(rule, name, value)
        if "also_cites" in spec:
            rule.basis += tuple(_citation(c, laws) for c in spec["also_cites"])
            rule._basis_on.clear()
        if rule.severity != "veto":
            _check_category(rule.category, scoring, manifest.display, line)


def _check_category(category: str, scoring: dict[str, Any], display: str, line: int | None) -> None:
    """A rule's or a judgement item's category is one the profile scores."""
    if category not in scoring["categories"]:
        raise RulebookError(
            display,
            line,
            "unknown-category",
            f"计分类别 `{category}` 不在 scoring.categories 中",
            f"categories: {'、'.join(scoring['categories'])}",
        )


def _nearest(chain: list[tuple[Path, _Source]], key: str) -> _Source | None:
    """The nearest profile of the chain that declares `key` (a child's list replaces the inherited one)."""
    return next((source for _, source in reversed(chain) if key in source.data), None)


def _judgements(
    chain: list[tuple[Path, _Source]], scoring: dict[str, Any], laws: LawTable, rule_ids: set[str]
) -> tuple[JudgementItem, ...]:
    source = _nearest(chain, "judgements")
    if source is None:
        return ()
    items: dict[str, JudgementItem] = {}
    for spec in source.data["judgements"]:
        lines = spec.key_lines
        for key, taken in (("id", {i.id for i in items.values()} | rule_ids), ("name", set(items))):
            if spec[key] in taken:
                raise RulebookError(
                    source.display, lines[key], "duplicate-judgement", f"人工评查项 {key} `{spec[key]}` 重复"
                )
        _check_category(spec["category"], scoring, source.display, lines["category"])
        items[spec["name"]] = JudgementItem(
            id=spec["id"],
            name=spec["name"],
            title=spec["title"],
            defect=spec.get("defect", spec["title"]),
            category=spec["category"],
            severity=spec["severity"],
            points=float(spec.get("points", 0)),
            family=spec.get("family", DEFAULT_FAMILY),
            basis=tuple(_citation(c, laws) for c in spec["basis"]),
            source=spec.get("source"),
            notes=spec.get("notes"),
            file=source.display,
            line=spec.line,
            case_types=tuple(spec.get("case_types") or DEFAULT_CASE_TYPES),
        )
    return tuple(items.values())


def _sheet(
    chain: list[tuple[Path, _Source]],
    scoring: dict[str, Any],
    rules: list[Rule],
    judgements: tuple[JudgementItem, ...],
    disabled: set[str],
) -> Sheet | None:
    """The score sheet, with the item each rule and judgement item is scored on: every id it names exists
    and is named once, a capped stage scores its own category, and its items add up to that category's cap."""
    source = _nearest(chain, "sheet")
    if source is None:
        return None
    spec = source.data["sheet"]
    kinds = {rule.id: (rule.category, rule.severity) for rule in rules}
    kinds.update({item.id: (item.category, item.severity) for item in judgements})
    placed: dict[str, str] = {}
    others: dict[str | None, str] = {}  # a stage's category (None: vetoes) -> its `others` item
    stages = []
    for stage in spec["stages"]:
        category = stage.get("category")
        items = tuple(
            SheetItem(str(i["number"]), i["title"], i.get("points"), (*i.get("rules", []), *i.get("judgements", [])),
                      i.get("unconfirmed"), bool(i.get("others")))
            for i in stage["items"]
        )  # fmt: skip
        built = SheetStage(stage["name"], category, items)
        for item, item_spec in zip(items, stage["items"], strict=True):
            where = f"“{built.name}”第 {item.number} 项"
            for id_ in item.ids:
                if id_ in disabled:  # a profile that extends the sheet's may drop a rule it names
                    continue
                problem = _misplaced(id_, kinds, placed, category, built.name)
                if problem:
                    raise RulebookError(source.display, item_spec.line, "sheet-item", f"评查表{where}：{problem}")
                placed[id_] = item.key(built)
            if item.others:
                others[category] = item.key(built)
        cap = scoring["categories"].get(category) if category else None
        if category is not None and cap != built.points:
            raise RulebookError(
                source.display,
                stage.line,
                "sheet-points",
                f"“{built.name}”各项分值合计 {built.points:g} 分，与计分类别 {category} 的上限 {cap} 分不符",
            )
        stages.append(built)
    for id_, (category, severity) in kinds.items():
        kind = None if severity == "veto" else category
        if id_ not in placed and kind in others:
            placed[id_] = others[kind]
    return Sheet(spec["standard"], spec["source"], spec.get("notes"), tuple(stages), placed)


def _misplaced(
    id_: str, kinds: dict[str, tuple[str, str]], placed: dict[str, str], category: str | None, stage: str
) -> str | None:
    if id_ not in kinds:
        return f"`{id_}` 不存在或已停用"
    if id_ in placed:
        return f"`{id_}` 已列在 {placed[id_]}"
    rule_category, severity = kinds[id_]
    if (severity == "veto") != (category is None) or (category is not None and rule_category != category):
        kind = "否决项" if severity == "veto" else f"计分类别为 {rule_category}"
        return f"`{id_}` {kind}，不能列在“{stage}”"
    return None


def _check_scoring(scoring: dict[str, Any], manifest: _Source) -> None:
    mins = [grade["min"] for grade in scoring["grades"]]
    if mins != sorted(mins, reverse=True) or mins[-1] != 0:
        raise RulebookError(
            manifest.display,
            line_of(manifest.data, ["scoring", "grades"]),
            "grades-order",
            "等次须按分数线从高到低排列，且最后一档的 min 为 0",
        )


def _effective(effective: Located | None, source: _Source, facts: dict[str, FactSpec]) -> dict[str, Any]:
    """A rule's period of force (`effective:`), as the Rule's fields."""
    if effective is None:
        return {"effective_on": None, "effective_from": None, "effective_until": None}
    return {
        "effective_on": source.compile(effective["by"], facts, effective.key_lines["by"], DATE),
        "effective_from": parse_date(effective.get("from"), source.display, effective.line),
        "effective_until": parse_date(effective.get("until"), source.display, effective.line),
        "undetermined_before": _outside(effective, "before"),
        "undetermined_after": _outside(effective, "after"),
    }


def _outside(effective: Located, side: str) -> bool:
    """Whether a day before (after) the rule's period of force is 无法判定 rather than 不适用:
    `outside: 不适用` says it for both sides, `outside: {before: …, after: …}` for each."""
    outside = effective.get("outside", "无法判定")
    answer = outside.get(side, "无法判定") if isinstance(outside, dict) else outside
    return bool(answer == "无法判定")


def _parameter(name: str, spec: Located, source: _Source, facts: dict[str, FactSpec]) -> Parameter:
    on = None
    if "versions" in spec:
        on_line = spec.key_lines["by"]
        on = spec["by"]
        compiled = source.compile(on, facts, on_line, DATE)
        if len(compiled.names) != 1 or compiled.source.strip() != compiled.names[0]:
            raise RulebookError(source.display, on_line, "expression", "by 必须是一个日期事实名称，如 date.决定")
        versions = tuple(
            ParameterVersion(
                parse_date(v.get("from"), source.display, v.line),
                parse_date(v.get("until"), source.display, v.line),
                v["value"],
                v["basis"],
            )
            for v in spec["versions"]
        )
    else:
        versions = (ParameterVersion(None, None, spec["value"], spec.get("basis", "")),)
    return Parameter(name, spec["title"], versions, on, spec.get("unconfirmed"))


def _message(source: _Source, template: str, facts: dict[str, FactSpec], line: int) -> Message:
    parts = tuple(source.compile(match, facts, line) for match in PLACEHOLDER.findall(template))
    return Message(template, parts)


def _rule(source: _Source, spec: Located, facts: dict[str, FactSpec], scoring: dict[str, Any], laws: LawTable) -> Rule:
    lines = spec.key_lines
    severity = spec["severity"]
    if severity != "veto":
        _check_category(spec["category"], scoring, source.display, lines["category"])
    when = source.compile(spec["when"], facts, lines["when"], BOOL) if "when" in spec else None
    require = source.compile(spec["require"], facts, lines["require"], BOOL) if "require" in spec else None
    message = _message(source, spec["message"], facts, lines["message"])
    reads: list[str] = []  # the evidence of a finding: what the requirement and the message read
    for compiled in (require, *message.parts):
        if compiled is not None:
            reads += compiled.names
    return Rule(
        id=spec["id"],
        title=spec["title"],
        family=spec["family"],
        category=spec["category"],
        severity=severity,
        points=float(spec.get("points", 0)),
        basis=tuple(_citation(c, laws) for c in spec["basis"]),
        message=message,
        when=when,
        require=require,
        undetermined=spec.get("undetermined"),
        **_effective(spec.get("effective"), source, facts),
        notes=spec.get("notes"),
        remedy=spec.get("remedy"),
        file=source.display,
        line=spec.line,
        reads=tuple(dict.fromkeys(reads)),
        case_types=tuple(spec.get("case_types") or source.data.get("case_types") or DEFAULT_CASE_TYPES),
        phase=spec.get("phase"),
    )


def _load_tables(source: _Source, tables: Tables) -> None:
    load_tables(source.data, source.display, tables)
