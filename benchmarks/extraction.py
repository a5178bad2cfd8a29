"""Accuracy of `pingcha extract`: field-level precision and recall against a hand-written answer key.

    python benchmarks/extraction.py            # the table RESULTS.md quotes
    python benchmarks/extraction.py --json F   # the counts per field, and each wrong or missed value
    python benchmarks/extraction.py --real DIR # real published decisions (key: extraction_real.yaml)
    python benchmarks/extraction.py --real DIR --key benchmarks/extraction_real_heldout.yaml  # second set

Each text in casefiles/texts/ is read as written and in variants that decisions also use: dates in
Chinese numerals instead of Arabic ones (or the reverse), the year in [ ] instead of 〔 〕, and as a
Word document. A value counts as correct only when equal to the key; a wrong value is a false positive
and a miss (precision matters more: a wrong value is worse than a missing one). Free text (the
violation's description, the discretion's reasons) is not scored.

Real published decisions are not kept in the repository (only their addresses and the keys are):
--real DIR reads DIR/<name>.txt for each entry of the key (--key: extraction_real.yaml by default, or the
held-out second set extraction_real_heldout.yaml), as stored (no variants), and names the texts it does
not find. Values are compared after NFKC folding and without white space
(see _fold): the stored pages fold full-width punctuation to ASCII and put spaces inside numbers."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.extract import extract

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"development": ROOT / "casefiles" / "texts", "heldout": ROOT / "benchmarks" / "heldout"}
KEY = Path(__file__).with_name("extraction_expected.yaml")
REAL_KEY = Path(__file__).with_name("extraction_real.yaml")
HELDOUT_REAL_KEY = Path(__file__).with_name("extraction_real_heldout.yaml")
_DIGITS = "〇一二三四五六七八九"
# The fields scored: these scalars, the two lists of provisions, decision.kinds and events.
SCALARS = (
    "case_id",
    "agency.name",
    "agency.level",
    "agency.domain",
    "party.name",
    "party.kind",
    "party.credit_code",
    "party.address",
    "notice.states_rights",
    "notice.states_hearing_right",
    "decision.date",
    "decision.outcome",
    "decision.fine",
    "decision.confiscation",
    "decision.no_penalty_ground",
    "decision.discretion.level",
    "decision.discretion.cited_in_decision",
    "decision.remedies.review_body",
    "decision.remedies.review_period_days",
    "decision.remedies.litigation_period_months",
    "violation.circumstances.first_violation",
    "violation.circumstances.harm_minor",
    "violation.circumstances.no_harm",
    "violation.circumstances.corrected_in_time",
)
PROVISIONS = ("violation.provision_violated", "violation.penalty_provision")


def _chinese_number(number: int, year: bool) -> str:
    if year:
        return "".join(_DIGITS[int(d)] for d in str(number))
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + ("" if ones == 0 else _DIGITS[ones])


def _swap_dates(text: str) -> str:
    """2024年3月5日 ↔ 二〇二四年三月五日 (each date written the other way)."""
    arabic = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
    if arabic.search(text):
        return arabic.sub(
            lambda m: (
                f"{_chinese_number(int(m[1]), True)}年{_chinese_number(int(m[2]), False)}月"
                f"{_chinese_number(int(m[3]), False)}日"
            ),
            text,
        )
    from engine.extract.numbers import DATE, chinese_int

    return DATE.sub(lambda m: f"{chinese_int(m['year'])}年{chinese_int(m['month'])}月{chinese_int(m['day'])}日", text)


def _variants(path: Path, folder: Path) -> dict[str, Path]:
    import docx

    text = path.read_text(encoding="utf-8")
    made = {
        "原文": text,
        "日期写法互换": _swap_dates(text),
        "年份用[]": re.sub(r"〔(\d{4})〕", r"[\1]", text),
    }
    paths = {}
    for name, content in made.items():
        paths[name] = folder / f"{path.stem}-{len(paths)}.txt"
        paths[name].write_text(content, encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    paths["Word"] = folder / f"{path.stem}.docx"
    document.save(str(paths["Word"]))
    return paths


def _as_written(path: Path, folder: Path) -> dict[str, Path]:
    return {"原文": path}


def _items(case: dict[str, Any]) -> dict[str, set[str]]:
    """The case file as comparable items per field (lists as sets of their items)."""

    def get(path: str) -> Any:
        node: Any = case
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        return node

    fields: dict[str, set[str]] = {}
    for path in SCALARS:
        value = get(path)
        if value is not None:
            fields[path] = {_plain(value)}
    for path in PROVISIONS:
        cited = get(path) or []
        if cited:
            fields[path] = {"|".join(str(c.get(k, "")) for k in ("law", "article", "paragraph", "item")) for c in cited}
    if kinds := get("decision.kinds"):
        fields["decision.kinds"] = set(kinds)
    if events := case.get("events"):
        fields["events"] = {f"{e['type']} {e['date']}" for e in events}
    return {field: {_fold(field, item) for item in items} for field, items in fields.items()}


def _fold(field: str, item: str) -> str:
    """One value, however written: （2021） and (2021), "125 号" and "125号"; in a 文号 the year's
    brackets are form (〔2021〕, [2021], (2021)), as the variant 年份用[] already takes them."""
    item = unicodedata.normalize("NFKC", item)
    if field == "events":
        return item  # "类型 YYYY-MM-DD": the space is the key's own separator
    item = re.sub(r"\s+", "", item)
    if field == "case_id":
        item = re.sub(r"[\[(〔【](\d{4})[\])〕】]", r"〔\1〕", item)
    return item


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _expected(entry: dict[str, Any]) -> dict[str, set[str]]:
    return {
        field: {_fold(field, _plain(v)) for v in (value if isinstance(value, list) else [value])}
        for field, value in entry.items()
    }


Variants = Callable[[Path, Path], dict[str, Path]]


def measure(key: dict[str, Any], folder: Path, variants: Variants = _variants) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for stem, entry in sorted(key.items()):
            expected = _expected(entry)
            for variant, path in variants(folder / f"{stem}.txt", Path(scratch)).items():
                got = _items(extract(path).case)
                for field in sorted(set(expected) | set(got)):
                    want, have = expected.get(field, set()), got.get(field, set())
                    tally = counts.setdefault(field, Counter())
                    tally["correct"] += len(want & have)
                    tally["wrong"] += len(have - want)
                    tally["missed"] += len(want - have)
                    if want != have:
                        errors.append(
                            {
                                "text": stem,
                                "variant": variant,
                                "field": field,
                                "wrong": sorted(have - want),
                                "missed": sorted(want - have),
                            }
                        )
    return {"fields": {field: dict(tally) for field, tally in sorted(counts.items())}, "errors": errors}


def table(measured: dict[str, Any]) -> str:
    rows = ["| 字段 | 正确 | 错误 | 遗漏 | 精确率 | 召回率 |", "|---|---:|---:|---:|---:|---:|"]
    total: Counter[str] = Counter()
    for field, tally in measured["fields"].items():
        total.update(tally)
        rows.append(_row(field, Counter(tally)))
    rows.append(_row("**合计**", total))
    return "\n".join(rows)


def _row(name: str, tally: Counter[str]) -> str:
    extracted = tally["correct"] + tally["wrong"]
    expected = tally["correct"] + tally["missed"]
    precision = f"{tally['correct'] / extracted:.1%}" if extracted else "—"
    recall = f"{tally['correct'] / expected:.1%}" if expected else "—"
    return f"| {name} | {tally['correct']} | {tally['wrong']} | {tally['missed']} | {precision} | {recall} |"


def measure_real(folder: Path, key_file: Path = REAL_KEY) -> dict[str, Any]:
    """The real published decisions of key_file found in folder, as stored; the absent ones are named, not scored."""
    key = yaml.safe_load(key_file.read_text(encoding="utf-8"))
    absent = {name: entry["url"] for name, entry in key.items() if not (folder / f"{name}.txt").is_file()}
    present = {name: entry["expected"] for name, entry in key.items() if name not in absent}
    measured = measure(present, folder, _as_written)
    measured["texts"], measured["absent"] = sorted(present), absent
    return measured


def _print(title: str, measured: dict[str, Any]) -> None:
    print(f"\n{title}\n")
    print(table(measured))
    for error in measured["errors"]:
        print(f"- {error['text']}（{error['variant']}）{error['field']}：错误 {error['wrong']}，遗漏 {error['missed']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the counts and every wrong or missed value here")
    parser.add_argument("--real", type=Path, metavar="DIR", help="score the real published decisions saved in DIR")
    parser.add_argument("--key", type=Path, default=REAL_KEY, help="the answer key of --real (default: %(default)s)")
    options = parser.parse_args()
    everything = {}
    if options.real:
        measured = everything["real"] = measure_real(options.real, options.key)
        for name, url in measured["absent"].items():
            print(f"缺少原文（不计分）：{options.real / (name + '.txt')}　{url}")
        _print(f"real published decisions, {options.key.name}（{len(measured['texts'])} 篇，原文）", measured)
    else:
        key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
        for name, folder in FOLDERS.items():
            everything[name] = measure(key[name], folder)
            _print(f"{name}（{len(key[name])} 篇 × 4 种写法）", everything[name])
    if options.json:
        options.json.write_text(json.dumps(everything, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
