"""Regenerate the files tests compare against: `python tests/regenerate.py`.

- casefiles/casefile.schema.json, exported from the pydantic case-file model;
- tests/golden/<example>.json, the `pingcha check --format json` output of every example case file
  (as of GOLDEN_AS_OF) less the rulebook's content hash, so that a change in findings shows up as a
  reviewable diff and a rulebook edit that changes no finding changes no golden file;
- docs/case-file-fields.md, every case-file field as the workbook lays it out (engine.intake.guide);
- tests/golden/profiles/<profile>--<example>.json, a few examples scored with a profile that
  `--rulebook auto` does not pick (a province profile);
- tests/golden/review/<draft>.txt, .json and .docx.txt, the `pingcha review` text, JSON and 法制审核意见书
  text of every draft decision in casefiles/drafts (review and decision dates in DRAFT_DATES).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

# run as a script: the source tree's engine (the installed package is named pingcha)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.casefile import casefile_json_schema, load_case_file
from engine.errors import CaseFileError
from engine.evaluate import evaluate_case
from engine.intake.guide import markdown
from engine.intake.layout import layout
from engine.render import result_to_dict, to_json
from engine.review import review_draft
from engine.review.docx import opinion_document
from engine.review.render import review_to_dict
from engine.review.render import to_text as review_text
from engine.rulebook import RulebookCache, load_rulebook
from engine.workcal import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_AS_OF = dt.date(2026, 11, 21)
EXAMPLES = ROOT / "casefiles" / "examples"
GOLDEN = ROOT / "tests" / "golden"
SCHEMA = ROOT / "casefiles" / "casefile.schema.json"
FIELDS_DOC = ROOT / "docs" / "case-file-fields.md"
PROFILE_GOLDEN = GOLDEN / "profiles"
# (profile, example): examples also scored with a profile that --rulebook auto does not pick
TEXTS = ROOT / "casefiles" / "texts"
EXTRACT_GOLDEN = GOLDEN / "extract"
PROFILE_EXAMPLES = [
    ("liaoning", "em-01-compliant.json"),
    ("liaoning", "ln-15-tieling-max-fine.json"),
    ("licensing", "lic-34-overdue.json"),
]
DRAFTS = ROOT / "casefiles" / "drafts"
REVIEW_GOLDEN = GOLDEN / "review"
# draft -> (review date, intended decision date or None: the draft's own date, else the review date)
DRAFT_DATES = {
    "draft-01-clean.json": (dt.date(2026, 10, 12), dt.date(2026, 10, 13)),
    "draft-02-blocked.json": (dt.date(2026, 10, 8), None),
    "draft-03-band-and-first-violation.json": (dt.date(2026, 10, 19), None),
}


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
    return _without_hash(result_to_dict(result))


def _without_hash(document: dict[str, Any]) -> str:
    """A result as the golden file keeps it: without the rulebook's content hash, which every rulebook edit
    changes (tests/test_examples.py checks it on its own), so a golden diff shows only what changed in the
    findings, scores and messages."""
    del document["rulebook"]["content_hash"]
    return to_json(document) + "\n"


def profile_golden_text(profile: str, example: str) -> str:
    path = EXAMPLES / example
    result = evaluate_case(
        load_case_file(path), load_rulebook(profile), GOLDEN_AS_OF, WorkCalendar(), path.relative_to(ROOT).as_posix()
    )
    return _without_hash(result_to_dict(result))


def profile_golden_path(profile: str, example: str) -> Path:
    return PROFILE_GOLDEN / f"{profile}--{example}"


def extract_golden_texts(text: Path) -> dict[str, str]:
    """`pingcha extract` of one decision text: the case file and the review text, by golden file name."""
    from engine.extract import extract
    from engine.extract.render import case_json, review_text

    extraction = extract(text)
    source = text.relative_to(ROOT).as_posix()
    return {f"{text.stem}.json": case_json(extraction), f"{text.stem}.review.txt": review_text(extraction, source)}


def review_of(draft: Path) -> Any:
    """The review of one draft as the goldens record it."""
    case = load_case_file(draft)
    as_of, decision_date = DRAFT_DATES[draft.name]
    rulebook = RulebookCache(RulebookCache.AUTO).for_domain(case.agency.domain)
    return review_draft(case, rulebook, as_of, decision_date, WorkCalendar(), draft.relative_to(ROOT).as_posix())


def docx_text(data: bytes) -> str:
    """The paragraphs of a Word document, one a line."""
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs) + "\n"


def review_goldens(draft: Path) -> dict[str, str]:
    """golden file name -> text, for one draft."""
    review = review_of(draft)
    stem = draft.stem
    return {
        f"{stem}.txt": review_text(review) + "\n",
        f"{stem}.json": _without_hash(review_to_dict(review)),
        f"{stem}.docx.txt": docx_text(opinion_document(review)),
    }


def main() -> None:
    SCHEMA.write_text(schema_text(), encoding="utf-8")
    FIELDS_DOC.write_text(markdown(layout()), encoding="utf-8")
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.glob("*.json"):
        stale.unlink()
    for example in sorted(EXAMPLES.glob("*.json")):
        (GOLDEN / example.name).write_text(golden_text(example), encoding="utf-8")
    PROFILE_GOLDEN.mkdir(exist_ok=True)
    for stale in PROFILE_GOLDEN.glob("*.json"):
        stale.unlink()
    for profile, example in PROFILE_EXAMPLES:
        profile_golden_path(profile, example).write_text(profile_golden_text(profile, example), encoding="utf-8")
    EXTRACT_GOLDEN.mkdir(exist_ok=True)
    for stale in EXTRACT_GOLDEN.iterdir():
        stale.unlink()
    for text in sorted(TEXTS.glob("*.txt")):
        for name, content in extract_golden_texts(text).items():
            (EXTRACT_GOLDEN / name).write_text(content, encoding="utf-8")
    REVIEW_GOLDEN.mkdir(exist_ok=True)
    for stale in REVIEW_GOLDEN.iterdir():
        stale.unlink()
    for draft in sorted(DRAFTS.glob("*.json")):
        for name, text in review_goldens(draft).items():
            (REVIEW_GOLDEN / name).write_text(text, encoding="utf-8")
    written = sum(len(list(folder.iterdir())) for folder in (EXTRACT_GOLDEN, REVIEW_GOLDEN))
    written += len(list(GOLDEN.glob("*.json"))) + len(PROFILE_EXAMPLES)
    print(f"wrote {SCHEMA.relative_to(ROOT)}, {FIELDS_DOC.relative_to(ROOT)} and {written} golden files")


if __name__ == "__main__":
    main()
