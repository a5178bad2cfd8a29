"""Regenerate the files tests compare against: `python tests/regenerate.py`.

- casefiles/casefile.schema.json, exported from the pydantic case-file model;
- tests/golden/<example>.json, the `pingcha check --format json` output of every example case file
  (as of GOLDEN_AS_OF), so that a change in findings shows up as a reviewable diff.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from engine.casefile import casefile_json_schema, load_case_file
from engine.errors import CaseFileError
from engine.evaluate import evaluate_case
from engine.render import result_to_dict, to_json
from engine.rulebook import RulebookCache
from engine.workcal import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_AS_OF = dt.date(2026, 11, 21)
EXAMPLES = ROOT / "casefiles" / "examples"
GOLDEN = ROOT / "tests" / "golden"
SCHEMA = ROOT / "casefiles" / "casefile.schema.json"


def schema_text() -> str:
    return json.dumps(casefile_json_schema(), ensure_ascii=False, indent=2) + "\n"


def golden_text(example: Path) -> str:
    """The golden document of one example: its result, or its rejection."""
    relative = example.relative_to(ROOT).as_posix()
    try:
        case = load_case_file(example)
    except CaseFileError as exc:
        document = exc.to_dict()
        document["file"] = relative
        return to_json(document) + "\n"
    rulebook = RulebookCache(RulebookCache.AUTO).for_domain(case.agency.domain)
    result = evaluate_case(case, rulebook, GOLDEN_AS_OF, WorkCalendar(), relative)
    return to_json(result_to_dict(result)) + "\n"


def main() -> None:
    SCHEMA.write_text(schema_text(), encoding="utf-8")
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.glob("*.json"):
        stale.unlink()
    for example in sorted(EXAMPLES.glob("*.json")):
        (GOLDEN / example.name).write_text(golden_text(example), encoding="utf-8")
    print(f"wrote {SCHEMA.relative_to(ROOT)} and {len(list(GOLDEN.glob('*.json')))} golden files")


if __name__ == "__main__":
    main()
