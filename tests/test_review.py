"""pingcha review: the 法制审核 of a draft decision (issue 15, items 1-2)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from engine.casefile import load_case_file, parse_case_file
from engine.cli import main
from engine.errors import ReviewError
from engine.review import review_draft
from engine.review.docx import opinion_document
from engine.rulebook import RulebookCache
from engine.workcal import WorkCalendar
from tests.regenerate import DRAFT_DATES, DRAFTS, EXAMPLES, REVIEW_GOLDEN, ROOT, review_goldens, review_of

DRAFT_FILES = sorted(DRAFTS.glob("*.json"))
CLEAN, BLOCKED, BAND = (DRAFTS / name for name in DRAFT_DATES)


@pytest.mark.parametrize("draft", DRAFT_FILES, ids=lambda p: p.stem)
def test_review_goldens(draft: Path) -> None:
    for name, text in review_goldens(draft).items():
        assert text == (REVIEW_GOLDEN / name).read_text(encoding="utf-8"), f"{name}: run python tests/regenerate.py"


def test_every_draft_has_its_dates() -> None:
    assert sorted(p.name for p in DRAFT_FILES) == sorted(DRAFT_DATES)


def _period(periods: tuple, title: str):  # type: ignore[no-untyped-def]
    return next(p for p in periods if p.title == title)


def test_working_day_period_across_the_national_day_ends_on_the_make_up_saturday() -> None:
    """告知 on Monday 2026-09-28: 5 working days are 09-29, 09-30, (10-01 to 10-07 holiday) 10-08, 10-09 and
    the 调休 Saturday 10-10; the 5 calendar days end on 10-03, a holiday, and move to the next working day 10-08."""
    review = review_of(CLEAN)
    hearing = _period(review.periods, "听证申请期限")
    assert (hearing.start, hearing.length, hearing.unit, hearing.end) == (
        dt.date(2026, 9, 28),
        5,
        "工作日",
        dt.date(2026, 10, 10),
    )
    assert hearing.done_on == dt.date(2026, 9, 29) and hearing.days_left is None
    statement = _period(review.periods, "陈述申辩期限")
    assert (statement.length, statement.unit, statement.end) == (5, "日", dt.date(2026, 10, 8))
    deadline = _period(review.periods, "办案期限")
    assert (deadline.start, deadline.length, deadline.end, deadline.days_left) == (
        dt.date(2026, 8, 26),
        90,
        dt.date(2026, 11, 24),
        43,
    )
    service = _period(review.next_steps, "决定书送达（当事人不在场的）")
    assert (service.start, service.end, service.days_left) == (dt.date(2026, 10, 13), dt.date(2026, 10, 22), None)
    publicity = _period(review.next_steps, "行政处罚决定公示")
    assert (publicity.length, publicity.end) == (20, dt.date(2026, 11, 10))  # market: 20 working days (第9条)


def test_periods_still_running_block_the_decision() -> None:
    review = review_of(BLOCKED)
    hearing = _period(review.periods, "听证申请期限")
    assert (hearing.end, hearing.days_left) == (dt.date(2026, 10, 13), 5)
    blocking = {i.rule.id: i for i in review.blocking}
    assert blocking["hearing-request-period-respected"].text == (
        "告知听证权利日期 2026-09-30，听证申请期限届满日 2026-10-13，当事人未放弃也未申请听证，却于 2026-10-08 作出决定"
    )
    assert blocking["statement-period-respected"].decided
    assert blocking["officer-certificate-valid"].text == "无执法证：无；执法时执法证不在有效期内：孙立"
    assert blocking["legal-review-before-decision"].decided
    assert not blocking["collective-discussion"].decided
    assert review.opinion == "不同意"


def test_the_same_draft_a_week_later_has_no_running_period_left_to_block_it() -> None:
    case = load_case_file(BLOCKED)
    rulebook = RulebookCache(RulebookCache.AUTO).for_domain(case.agency.domain)
    later = review_draft(case, rulebook, dt.date(2026, 10, 14), None, WorkCalendar(), "draft")
    ids = {i.rule.id for i in later.blocking if i.decided}
    assert ids == {"officer-certificate-valid", "legal-review-before-decision"}


def test_band_advice_selects_the_band_of_the_stated_facts() -> None:
    advice = review_of(BAND).advice
    assert advice.statutory == (0.0, 100000.0)
    assert advice.selected is not None
    assert (advice.selected.level, advice.selected.name, advice.selected.fine) == (
        "从轻",
        "未如实记录人数占比不足10%",
        (0.0, 30000.0),
    )
    assert (advice.proposed_level, advice.proposed_fine, advice.fits, advice.level_fits) == (
        "一般",
        50000,
        False,
        False,
    )
    first = next(c for c in advice.candidates if c.name == "首违不罚")
    assert (first.effect, first.status, first.met, first.open) == (
        "可以不予处罚",
        "待查明",
        ("初次违法", "及时改正（整改经复查验收）"),
        ("危害后果轻微",),
    )
    assert "说明是否适用首违不罚（可以不予处罚）及理由" in advice.reasoning


def test_clean_draft_is_agreed_and_its_fine_fits_its_band() -> None:
    review = review_of(CLEAN)
    assert (review.opinion, review.blocking, review.contents) == ("同意", (), ())
    assert review.advice.selected is not None and review.advice.selected.fine == (5000.0, 12500.0)
    assert review.advice.fits is True


def _as_draft(path: Path) -> tuple[object, dt.date] | None:
    """A decided example as the draft it was before it was signed (same content, status 拟作出)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("case_type") != "行政处罚" or not isinstance(data.get("decision"), dict):
        return None
    data["decision"]["status"] = "拟作出"
    case = parse_case_file(json.dumps(data, ensure_ascii=False), path.name)
    return case, dt.date.fromisoformat(data["decision"]["date"])


CORPUS = [p for p in sorted(EXAMPLES.glob("*.json")) if not p.name.startswith("malformed")]
CORPUS += sorted((ROOT / "rules" / "testcases").glob("*.json")) + DRAFT_FILES


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_no_after_decision_rule_ever_fires_in_a_review(path: Path) -> None:
    """Over every decided example (taken back to its draft on its decision date) and every draft: what
    happens after the decision (送达, 公示, 缴纳, 执行, 盖章, 归档) is never a finding or a 须核实 item."""
    if path.parent == DRAFTS:
        reviews = [review_of(path)]
    else:
        drafted = _as_draft(path)
        if drafted is None:
            pytest.skip("not a penalty case with a decision")
        case, day = drafted
        rulebook = RulebookCache(RulebookCache.AUTO).for_domain(case.agency.domain)  # type: ignore[attr-defined]
        reviews = [review_draft(case, rulebook, day, day, WorkCalendar(), path.name)]  # type: ignore[arg-type]
    for review in reviews:
        assert {i.rule.phase for i in review.items} <= {"before-decision", "decision"}
        assert len(review.items) == len(review.blocking) + len(review.contents)
        assert all(i.rule.phase == "before-decision" for i in review.blocking)
        assert all(i.rule.phase == "decision" for i in review.contents)
        assert all(rule.phase == "after-decision" for rule in review.later_checks)


def test_every_penalty_rule_of_every_profile_has_a_phase() -> None:
    for name in ("national", "emergency", "market", "ecology", "public-security", "liaoning"):
        rulebook = RulebookCache(name).get(name)
        assert all(r.phase in ("before-decision", "decision", "after-decision") for r in rulebook.rules_for("行政处罚"))


# --- the command ------------------------------------------------------------------------------------


def test_cli_exit_codes_and_the_date_used() -> None:
    runner = CliRunner()
    clean = runner.invoke(main, ["review", str(CLEAN), "--as-of", "2026-10-12", "--decision-date", "2026-10-13"])
    assert clean.exit_code == 0, clean.output
    assert "审核日 2026-10-12  拟作出决定日期 2026-10-13（--decision-date）" in clean.output
    blocked = runner.invoke(main, ["review", str(BLOCKED), "--as-of", "2026-10-08", "--format", "json"])
    assert blocked.exit_code == 1
    document = json.loads(blocked.output)
    assert document["opinion"] == "不同意" and document["decision_date_from"] == "审核日（未另行指定）"


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        (EXAMPLES / "em-01-compliant.json", [], "$.decision.status 为“已作出”：已作出的决定请用 pingcha check 评查"),
        (
            EXAMPLES / "insp-19-dust-compliant.json",
            [],
            "$.case_type 为“行政检查”：pingcha review 审核的是行政处罚决定草案",
        ),
        (
            DRAFTS / "draft-03-band-and-first-violation.json",
            ["--decision-date", "2026-10-18"],
            "拟作出决定日期 2026-10-18（--decision-date）早于审核日 2026-10-19",
        ),
    ],
    ids=["decided", "inspection", "date-before-review"],
)
def test_what_review_refuses(path: Path, options: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["review", str(path), "--as-of", "2026-10-19", *options])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_review_refuses_a_rulebook_with_a_rule_without_phase(tmp_path: Path) -> None:
    from tests.minirulebook import rule, write_profile

    text = "rules:\n" + rule("unphased", "decision.fine < 1").replace("    phase: decision\n", "")
    folder = write_profile(tmp_path, {"mini.rules.yaml": text})
    case = load_case_file(CLEAN)
    with pytest.raises(ReviewError, match="1 条规则未标明 phase，不能用于审核决定草案：unphased"):
        review_draft(
            case, RulebookCache(str(folder)).get(str(folder)), dt.date(2026, 10, 12), None, WorkCalendar(), "x"
        )


def test_check_and_batch_refuse_a_draft(tmp_path: Path) -> None:
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(BLOCKED), "--as-of", "2026-11-21"])
    assert checked.exit_code == 2
    assert checked.output.strip() == (
        f"{BLOCKED}: $.decision.status 为“拟作出”：这是尚未作出的决定草案，不作为已作出的决定评查；"
        f"请用 pingcha review {BLOCKED} --as-of 审核日 审核"
    )
    out = tmp_path / "r.jsonl"
    batch = runner.invoke(main, ["batch", str(BLOCKED), "--as-of", "2026-11-21", "-o", str(out), "-q", "-j", "1"])
    assert batch.exit_code == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert (record["status"], record["error"], record["json_path"]) == ("error", "draft", "$.decision.status")


def test_a_made_decision_without_date_names_the_draft_status() -> None:
    data = json.loads((EXAMPLES / "em-01-compliant.json").read_text(encoding="utf-8"))
    del data["decision"]["date"]
    result = CliRunner().invoke(
        main, ["check", "-", "--as-of", "2026-11-21"], input=json.dumps(data, ensure_ascii=False)
    )
    assert result.exit_code == 2
    assert (
        '已作出的决定缺少决定日期 date；应为 YYYY-MM-DD 格式的决定日期 date；尚未作出的决定草案写 "status": "拟作出"'
        in (result.output)
    )


# --- the 法制审核意见书 --------------------------------------------------------------------------------


def test_opinion_document_is_a4_with_official_margins_fonts_and_blank_signature() -> None:
    data = opinion_document(review_of(BLOCKED))
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    sizes += (section.left_margin, section.right_margin)
    assert [round(length.mm, 1) for length in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips
    title = document.paragraphs[0].runs[0]
    assert title.text == "法制审核意见书" and title.font.size.pt == 22
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = [p for p in document.paragraphs[1:] if p.text]
    assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in body for r in p.runs} == {"仿宋_GB2312", "黑体"}
    assert {r.font.size.pt for p in body for r in p.runs} == {16}
    texts = [p.text for p in document.paragraphs]
    assert "二、审核意见：不同意" in texts
    assert "审核人（签名）：____________________" in texts and "日期：________年____月____日" in texts
    assert any(
        t.startswith("1. 执法人员无执法证或执法时执法证不在有效期内。") and "《行政处罚法》（2021）第42条第1款" in t
        for t in texts
    )


def test_opinion_document_bytes_do_not_depend_on_when_it_is_written(tmp_path: Path) -> None:
    first = opinion_document(review_of(CLEAN))
    assert opinion_document(review_of(CLEAN)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(
        main, ["review", str(CLEAN), "--as-of", "2026-10-12", "--decision-date", "2026-10-13", "--docx", str(out)]
    )
    assert result.exit_code == 0 and out.read_bytes() == first


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt install libreoffice-writer-nogui",
)
def test_opinion_document_converts_to_an_a4_pdf_with_libreoffice(tmp_path: Path) -> None:
    docx = tmp_path / "opinion.docx"
    docx.write_bytes(opinion_document(review_of(CLEAN)))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "opinion.pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert len(pages) == 4  # with Noto CJK standing in for 仿宋_GB2312 (fonts-noto-cjk, as in CI)
    assert boxes == {(0, 0, 595, 842)}  # A4 in points


def test_lint_errs_on_a_penalty_rule_without_phase(tmp_path: Path) -> None:
    from engine.lint import lint
    from tests.minirulebook import rule, write_profile

    text = "rules:\n" + rule("unphased", "decision.fine < 1").replace("    phase: decision\n", "")
    text += "  - id: inspection-only\n" + rule("x", "decision.fine < 1").split("\n", 1)[1].replace(
        "    phase: decision\n", "    case_types: [行政检查]\n"
    )
    folder = write_profile(tmp_path, {"mini.rules.yaml": text})
    report = lint([str(folder)], examples=[], as_of=dt.date(2026, 11, 21))
    found = [d for d in report.diagnostics if d.code == "phase-missing"]
    assert [(d.severity, d.line, d.message) for d in found] == [
        ("error", 2, "规则 `unphased` 适用于行政处罚案卷，未标明 phase（审核决定草案时无法归类）")
    ]


def test_explain_on_a_review_shows_the_rule_on_the_intended_decision_date() -> None:
    result = CliRunner().invoke(
        main,
        [
            "review",
            "casefiles/drafts/draft-02-blocked.json",
            "--as-of",
            "2026-10-08",
            "--explain",
            "statement-period-respected",
        ],
    )
    lines = result.stdout.splitlines()
    assert lines[1] == "规则集 market 2026.11.0  审核日 2026-10-08  拟作出决定日期 2026-10-08"
    assert lines[3] == "【statement-period-respected】陈述申辩期限未届满即作出处罚决定"
    assert lines[4] == (
        "  结果：发现问题 — 告知日期 2026-09-30，告知书载明陈述申辩期限 5 日（届满日 2026-10-08），"
        "当事人未放弃也未陈述申辩，却于 2026-10-08 作出决定"
    )
    assert "    date.决定（决定日期）= 2026-10-08  ← $.decision.date" in lines
    assert result.exit_code == 1  # as the review: not 同意


def test_explain_on_a_review_names_an_after_decision_rule_as_such() -> None:
    result = CliRunner().invoke(
        main,
        [
            "review",
            "casefiles/drafts/draft-02-blocked.json",
            "--as-of",
            "2026-10-08",
            "--explain",
            "decision-served-in-time",
        ],
    )
    assert result.exit_code == 2
    assert (
        "规则 decision-served-in-time 是作出决定后的事项（phase: after-decision），审核决定草案时不评查"
        in result.output
    )


def test_a_review_refuses_an_event_after_the_review_date_but_not_the_intended_decision(tmp_path: Path) -> None:
    draft = json.loads(Path("casefiles/drafts/draft-02-blocked.json").read_text(encoding="utf-8"))
    draft["events"][-1]["date"] = "2026-10-20"
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(path), "--as-of", "2026-10-08", "--decision-date", "2026-10-30"])
    assert result.exit_code == 2
    assert "晚于评查基准日" in result.output and "$.decision.date" not in result.output


@pytest.mark.parametrize("draft", sorted(DRAFTS.glob("*.json")), ids=lambda path: path.stem)
def test_the_signed_opinion_names_no_fact_parameter_or_json_path(draft: Path) -> None:
    text = review_goldens(draft)[f"{draft.stem}.docx.txt"]
    assert not re.search(r"derived\.|param\.|\$\.|[a-z]+-[a-z]+-[a-z]+", text), text
