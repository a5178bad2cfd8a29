"""pingcha extract: decisions' texts to partial case files, each value with where it came from."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.extract import extract
from engine.extract.citations import provisions
from engine.extract.document import Text
from engine.extract.numbers import amounts, dates
from engine.extract.render import case_json, review_text
from tests.regenerate import EXTRACT_GOLDEN, TEXTS, extract_golden_texts

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("text", sorted(TEXTS.glob("*.txt")), ids=lambda path: path.stem)
def test_golden_extractions(text: Path) -> None:
    for name, expected in extract_golden_texts(text).items():
        assert (EXTRACT_GOLDEN / name).read_text(encoding="utf-8") == expected, f"{name}: python tests/regenerate.py"


# --- field kinds ---------------------------------------------------------------------------------


def test_dates_arabic_and_chinese_numerals_and_impossible_ones() -> None:
    text = "于2021年4月30日立案，二〇二一年四月三十日决定，2021年2月30日不是日期，二〇二一年十二月一日送达"
    assert [day for day, _ in dates(text)] == [dt.date(2021, 4, 30), dt.date(2021, 4, 30), dt.date(2021, 12, 1)]


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("罚款人民币伍万元整", 50000),
        ("罚款5万元", 50000),
        ("罚款50,000元", 50000),
        ("罚款3,200.50元", 3200.5),
        ("罚款二万五千元", 25000),
        ("罚款1.5万元", 15000),
        ("罚款伍佰元", 500),
    ],
)
def test_amounts_in_every_way_decisions_write_them(written: str, yuan: float) -> None:
    assert [value for value, _ in amounts(written)] == [yuan]


def _decision(body: str) -> str:
    lines = [
        "某县应急管理局",
        "行政处罚决定书",
        "某县应急罚〔2024〕1号",
        "当事人：某某有限公司",
        "法定代表人：王某",
        body,
        "某县应急管理局",
        "2024年5月6日",
    ]
    return "\n".join(lines)


def _extracted(tmp_path: Path, body: str) -> dict[str, object]:
    path = tmp_path / "d.txt"
    path.write_text(_decision(body), encoding="utf-8")
    return extract(path).case


def test_confiscation_and_fine_are_told_apart_by_the_word_before_each(tmp_path: Path) -> None:
    case = _extracted(
        tmp_path, "当事人的上述行为违反了《某法》第三条的规定，本局决定：没收违法所得3000元，并处罚款6000元。"
    )
    assert case["decision"]["fine"] == 6000 and case["decision"]["confiscation"] == 3000
    assert case["decision"]["kinds"] == ["罚款", "没收违法所得"]


def test_two_different_fines_are_not_guessed(tmp_path: Path) -> None:
    case = _extracted(tmp_path, "违反了《某法》第三条的规定，本局决定：对单位罚款5万元，对主要负责人罚款1万元。")
    assert "fine" not in case["decision"]
    assert case["decision"]["kinds"] == ["罚款"]


def test_an_amount_in_the_facts_is_not_the_fine(tmp_path: Path) -> None:
    case = _extracted(
        tmp_path, "经查，货值金额3000元，违法所得500元。当事人违反了《某法》第三条的规定，本局决定给予警告。"
    )
    assert case["decision"]["kinds"] == ["警告"] and "fine" not in case["decision"]


def test_a_date_inside_a_citation_is_not_a_step(tmp_path: Path) -> None:
    case = _extracted(tmp_path, "依据《某办法》（2015年4月2日某令第77号）第四十五条，2024年3月1日本局立案。")
    assert case["events"] == [{"type": "立案", "date": "2024-03-01"}, {"type": "决定", "date": "2024-05-06"}]


def test_a_refused_hearing_is_not_a_hearing_request(tmp_path: Path) -> None:
    case = _extracted(
        tmp_path, "2024年4月1日，本局送达《行政处罚告知书》。2024年4月8日，当事人未提出听证申请，也未提出陈述申辩。"
    )
    assert case["events"] == [{"type": "告知", "date": "2024-04-01"}, {"type": "决定", "date": "2024-05-06"}]


def test_citations_share_the_law_and_article_before_them() -> None:
    cited = [
        p.as_dict()
        for p in provisions(
            "违反了《中华人民共和国广告法》第九条第（三）项、第五十七条第一款、第二款和第五十八条的规定"
        )
    ]
    law = "中华人民共和国广告法"
    assert cited == [
        {"law": law, "article": 9, "item": 3},
        {"law": law, "article": 57, "paragraph": 1},
        {"law": law, "article": 57, "paragraph": 2},
        {"law": law, "article": 58},
    ]


def test_an_article_numbered_zhi_yi_is_skipped_not_misread() -> None:
    assert [p.as_dict() for p in provisions("《某法》第十二条之一、第十三条")] == [{"law": "某法", "article": 13}]


def test_sections_keep_a_service_receipt_date_off_the_decision() -> None:
    text = Text(["某局", "行政处罚决定书", "当事人：某", "2024年1月2日", "送达回证", "送达日期：2024年1月5日"])
    section = text.decision()
    assert section is not None and text.dated_line(section) == 3


# --- files and the command -----------------------------------------------------------------------


def test_a_word_document_gives_the_same_case_as_its_text(tmp_path: Path) -> None:
    import docx

    source = TEXTS / "mk-advert-2024.txt"
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "mk-advert-2024.docx"))
    from_word = extract(tmp_path / "mk-advert-2024.docx")
    from_text = extract(source)
    assert {k: v for k, v in from_word.case.items() if k != "source"} == {
        k: v for k, v in from_text.case.items() if k != "source"
    }


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_text_layer_pdf_gives_the_same_fine_dates_and_provisions(tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(TEXTS / "em-2023-chinese-numerals.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    case = extract(tmp_path / "em-2023-chinese-numerals.pdf").case
    assert case["decision"]["fine"] == 50000 and case["decision"]["date"] == "2023-06-19"
    assert case["violation"]["provision_violated"] == [
        {"law": "中华人民共和国安全生产法", "article": 28, "paragraph": 1}
    ]


BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_pdf_without_text_says_so_and_how_to_read_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.extract import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    blank = tmp_path / "scan.pdf"
    blank.write_bytes(BLANK_PDF)
    result = CliRunner().invoke(main, ["extract", str(blank)])
    assert result.exit_code == 2
    assert (
        "PDF 没有文字层（可能是扫描件或图片），无法直接提取；安装可选组件后可识别扫描件：pip install 'pingcha[ocr]'"
        in result.output
    )


def _ocr_installed() -> bool:
    from engine.extract import ocr

    return ocr.available()


@pytest.mark.skipif(not _ocr_installed(), reason="pingcha[ocr] (rapidocr-onnxruntime) is not installed")
def test_a_blank_scan_has_no_text_even_by_ocr(tmp_path: Path) -> None:
    blank = tmp_path / "scan.pdf"
    blank.write_bytes(BLANK_PDF)
    result = CliRunner().invoke(main, ["extract", str(blank)])
    assert result.exit_code == 2
    assert "没有读出任何文字（扫描件经 OCR 识别也没有文字）" in result.output


@pytest.mark.skipif(not _ocr_installed(), reason="pingcha[ocr] (rapidocr-onnxruntime) is not installed")
def test_a_scanned_decision_is_read_by_ocr_and_says_so(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    lines = (TEXTS / "mk-2024-old-litigation-period.txt").read_text(encoding="utf-8").splitlines()
    font = ImageFont.truetype(_cjk_font(), 28)
    page = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    y = 120
    for line in lines:
        for start in range(0, max(len(line), 1), 52):  # wrap as a printed page would
            draw.text((120, y), line[start : start + 52], font=font, fill="black")
            y += 44
    scan = tmp_path / "scan.pdf"
    page.save(scan)  # an image in a PDF: no text layer
    case = extract(scan).case
    assert case["source"]["note"] == "由 pingcha extract 从 scan.pdf（扫描件，文字经 OCR 识别，请逐项核对原件） 提取"
    assert case["case_id"] == "某县市监处罚〔2024〕41号"
    assert case["decision"]["fine"] == 5000 and case["decision"]["date"] == "2024-07-15"
    assert case["decision"]["remedies"]["litigation_period_months"] == 3


def _cjk_font() -> str:
    found = sorted(Path("/usr/share/fonts").rglob("NotoSansCJK-Regular.ttc")) or sorted(
        Path("/usr/share/fonts").rglob("*CJK*.tt[cf]")
    )
    if not found:
        pytest.skip("no CJK font to draw a scan with (Debian: fonts-noto-cjk)")
    return str(found[0])


def test_missing_required_values_are_listed_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "eco.json"
    result = CliRunner().invoke(main, ["extract", str(TEXTS / "eco-2022-confiscation.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        "未能从文本中提取（请核对原文后补充）：行政执法机关层级（国家级、省级、设区的市级、县级、乡镇街道）"
        in result.output
    )
    origins = json.loads((tmp_path / "eco.origins.json").read_text(encoding="utf-8"))
    assert origins["origins"]["$.decision.fine"] == {
        "paragraph": 12,
        "start": 4,
        "end": 11,
        "sentence": "一、罚款50,000元；",
    }
    assert origins["missing"] == {"$.agency.level": "行政执法机关层级（国家级、省级、设区的市级、县级、乡镇街道）"}


def test_review_shows_each_value_in_its_sentence() -> None:
    text = review_text(extract(TEXTS / "mk-2024-old-litigation-period.txt"), "mk.txt")
    # paragraphs are counted without the blank lines between them
    assert (
        "告知的起诉期限：3\n    第14段：…服本处罚决定，可在收到本决定书之日起六十日内向某县人民政府申请行政复议，也可以在【三】个月内"
        in text
    )
    assert "决定／罚款：5000 元\n    第12段：2.罚款【人民币伍仟元整】。" in text


def _checked(tmp_path: Path, name: str, fill: dict[str, str] | None = None) -> str:
    case = extract(TEXTS / f"{name}.txt").case
    case["agency"].update(fill or {})
    path = tmp_path / f"{name}.json"
    path.write_text(case_json_of(case), encoding="utf-8")
    return CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-11-21"]).output


def case_json_of(case: dict[str, object]) -> str:
    return json.dumps(case, ensure_ascii=False)


def test_check_finds_only_what_the_text_shows(tmp_path: Path) -> None:
    old = _checked(tmp_path, "mk-2024-old-litigation-period")
    assert "发现问题 1 项" in old and "<decision-remedies-stated>" in old
    assert "起诉期限 3 个月；应为复议期限 60 日、起诉期限 6 个月" in old
    for name, fill in [
        ("mk-advert-2024", None),
        ("em-2023-chinese-numerals", None),
        ("nopen-2025-first-violation", None),
        ("eco-2022-confiscation", {"level": "设区的市级"}),
    ]:
        assert "未发现问题。" in _checked(tmp_path, name, fill), name


def test_the_extracted_json_is_a_valid_case_file_when_nothing_is_missing() -> None:
    extraction = extract(TEXTS / "mk-advert-2024.txt")
    assert extraction.missing == {}
    from engine.casefile import parse_case_file

    assert parse_case_file(case_json(extraction), "x").case_id == "某区市监处罚〔2024〕18号"


def test_a_text_with_titles_but_no_decision_is_refused_with_a_reason(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("某局\n行政处罚告知书\n当事人：某\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(notice)])
    assert result.exit_code == 2
    assert "文中没有行政处罚决定书（或不予行政处罚决定书）的标题，无法确定决定的内容" in result.output


def test_ascii_punctuation_of_published_pages_reads_like_the_chinese(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "某市生态环境局行政处罚决定书\n某环罚决(2021)138号\n当事人名称:某水泥制品厂\n"
        "你(单位)的上述行为违反了《中华人民共和国环境影响评价法》第二十五条的规定。依据《中华人民共和国环境影响评价法》"
        "第三十一条的规定,我局决定对你(单位)处以如下行政处罚:\n1.行政罚款人民币伍万元整。\n某市生态环境局\n2021年4月30日\n",
        encoding="utf-8",
    )
    case = extract(page).case
    assert case["case_id"] == "某环罚决〔2021〕138号" and case["party"]["name"] == "某水泥制品厂"
    assert case["decision"]["fine"] == 50000 and case["decision"]["date"] == "2021-04-30"
    assert case["violation"]["penalty_provision"] == [{"law": "中华人民共和国环境影响评价法", "article": 31}]
