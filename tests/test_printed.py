"""The outputs an office prints and sends, from the example batch: report.html printed to A4 by headless
Chromium, report.docx (评查通报) read back and converted by LibreOffice, the 整改台账's remedies, the
agencies' ranking, and official text without rule ids, JSON paths or parameter names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import ROOT
from docx.oxml.ns import qn
from docx.shared import Pt

from engine import report
from engine.cli import main

AS_OF = "2026-11-21"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("printed")
    paths = {
        "results": folder / "results.jsonl",
        "sample": folder / "sample.json",
        "html": folder / "report.html",
        "docx": folder / "report.docx",
    }
    runner = CliRunner()
    examples = str(ROOT / "casefiles" / "examples")
    runner.invoke(main, ["batch", examples, "-o", str(paths["results"]), "--as-of", AS_OF, "-j", "1", "-q"])
    drawn = ["sample", examples, "--seed", "20261121", "--rulebook", "emergency", "--date", AS_OF]
    runner.invoke(main, [*drawn, "--record", str(paths["sample"])])
    args = ["report", str(paths["results"]), "--html", str(paths["html"]), "--docx", str(paths["docx"])]
    result = runner.invoke(main, [*args, "--sample", str(paths["sample"])])
    assert result.exit_code == 0, result.output
    return paths


def _results(made: dict[str, Path]) -> list[dict]:
    lines = [json.loads(line) for line in made["results"].read_text(encoding="utf-8").splitlines()]
    return [r for r in lines if r["status"] == "ok"]


def test_print_css_is_in_the_html(made: dict[str, Path]) -> None:
    html = made["html"].read_text(encoding="utf-8")
    assert "@page { size: A4; margin: 18mm 15mm 20mm;" in html
    assert 'content: "第 " counter(page) " 页，共 " counter(pages) " 页"' in html
    assert "details::details-content { content-visibility: visible; display: block; }" in html
    assert "thead { display: table-header-group; }" in html
    assert html.count("<tr><th>") == html.count("<thead><tr><th>") > 0  # every header row in a thead
    assert ".panel, .card, svg.chart, li { break-inside: avoid; }" in html
    assert "<details>" not in html and html.count("<details open>") == len(_results(made))


def _pdf_text(pdf: pypdfium2.PdfDocument) -> str:
    return "".join(re.sub(r"\s+", "", page.get_textpage().get_text_range()) for page in pdf)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian package `chromium` is not installed (apt-get install chromium)")
def test_html_prints_to_a_sane_number_of_a4_pages_with_every_finding(made: dict[str, Path], tmp_path: Path) -> None:
    pdf_path = tmp_path / "report.pdf"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"]
    command += [f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf_path}", made["html"].as_uri()]
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    pdf = pypdfium2.PdfDocument(pdf_path)
    sizes = {tuple(round(x) for x in page.get_size()) for page in pdf}
    assert sizes == {(595, 842), (842, 595)}  # A4, and the agency table on landscape A4
    assert 12 <= len(pdf) <= 30  # 28 scored files, 3 unreadable, 48 findings (23 pages on 2026-12-01)
    text = _pdf_text(pdf)
    assert f"第1页，共{len(pdf)}页" in text
    for record in _results(made):
        for finding in record["result"]["findings"]:
            assert re.sub(r"\s+", "", report.plain(finding["message"])) in text, finding["rule_id"]
        for item in record["result"]["undetermined"]:
            assert re.sub(r"\s+", "", report.plain(item["reason"])) in text, item["rule_id"]


def test_official_text_leaves_out_fact_names_and_parameters() -> None:
    assert report.plain("缺少数据：适用听证（应告知听证权利）（derived.hearing_applicable）") == (
        "缺少数据：适用听证（应告知听证权利）"
    )
    assert report.plain("该违法行为（violation.item_code）的裁量基准") == "该违法行为的裁量基准"
    assert (
        report.plain("超过年度频次上限 2 次（规则集 emergency 参数 inspection_yearly_cap）") == "超过年度频次上限 2 次"
    )
    assert report.plain("立案日期（首次） 2026-02-11（10 个工作日）") == "立案日期（首次） 2026-02-11（10 个工作日）"


def test_the_official_part_of_the_html_names_no_rule_id(made: dict[str, Path]) -> None:
    html = made["html"].read_text(encoding="utf-8")
    official, appendix = html.split("<h2>附录：技术信息</h2>")
    ids = {f["rule_id"] for r in _results(made) for f in r["result"]["findings"]}
    assert ids and not [i for i in ids if f">{i}<" in official or f" {i} " in official]
    assert all(f">{i}<" in appendix for i in ids)
    assert "$." not in official and "derived." not in official and "consistency_fine_spread" not in official


def _paragraphs(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def test_docx_bulletin_read_back(made: dict[str, Path]) -> None:
    document = docx.Document(str(made["docx"]))
    section = document.sections[0]
    page = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    page += (section.left_margin, section.right_margin)
    assert [round(length.mm) for length in page] == [210, 297, 37, 35, 28, 26]  # stored in twips
    text = _paragraphs(document)
    assert text[:6] == [
        "关于行政执法案卷评查情况的通报",
        "各有关执法机关：",
        (
            "按照行政执法案卷评查工作安排，以2026年11月21日为评查基准日，对10个执法机关的35件行政执法案卷进行了评查。"
            "现将评查情况通报如下："
        ),
        "一、基本情况",
        (
            "评查案卷从总体34件中按抽查对象、执法机关分层随机抽取，抽取比例检查方案 20%、案卷 30%，共抽取14件"
            "（随机种子20261121，2026年11月21日抽取），满足抽查数量要求（应抽不少于11件）。抽样记录可重新抽取核对。"
        ),
        (
            "共评查案卷35件，其中评分32件，因案卷材料不符合格式无法评分3件。评分案卷平均77.9分，其中优秀21件、良好5件、"
            "合格0件、不合格6件（其中存在否决项的不合格卷6件）。有19件案卷的部分评查事项因案卷未载明所需情况无法判定，"
            "得分为区间、以最高分计，其中等次暂定0件、待核实（无法判定事项中有否决项）4件，无法判定的事项及原因见附件。"
        ),
    ]
    assert text[6:9] == ["二、主要问题", "评查共发现问题54项，按类别分述如下。", text[8]]
    assert text[8].startswith(
        "（一）评查标准方面。共18项，主要是：罚款逾期未缴纳，申请人民法院强制执行的期限届满仍未催告、强制执行或者"
        "申请人民法院强制执行（2件）；"
    )
    assert any(
        paragraph.startswith(
            "（二）时限方面。共16项，主要是：决定书未在七个工作日内送达（3件）；超过办案期限作出处罚决定（3件）；"
        )
        for paragraph in text
    )
    assert (
        "如开原市应急管理局开应急罚〔2025〕15号案卷，超过办案期限作出处罚决定：立案至作出决定用时 36 日，超过法定期限 30 日。"
        in text
    )
    requirements = text[text.index("四、整改要求") + 1 :]
    assert requirements[:2] == [
        (
            "（一）限期整改。各单位要对照本通报和整改台账逐案逐项整改，否决项问题于2026年12月21日前，"
            "严重问题于2026年12月21日前，一般问题于2027年1月20日前整改到位。"
        ),
        "（二）报送整改情况。请于2027年1月20日前将整改情况和填写完整的整改台账书面报送评查组织单位。",
    ]
    assert text[-3:] == ["2026年11月21日", "附件", "各案卷评查结果"]
    # the official fonts, named for East Asian text (what Word and WPS use for Chinese)
    title = document.paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = document.paragraphs[2].runs[0]
    assert (body.font.size, body.element.rPr.rFonts.get(qn("w:eastAsia"))) == (Pt(16), "仿宋_GB2312")
    assert document.paragraphs[3].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    # 各单位情况: ranked, with the level; the annex: every file with its 无法判定 items and their reasons
    ranking, annex = document.tables
    assert [c.text for c in ranking.rows[0].cells] == [
        "排名", "执法机关", "层级", "案卷数", "平均分", "优秀", "良好", "合格", "不合格", "否决率", "否决率排名",
    ]  # fmt: skip
    assert [c.text for c in ranking.rows[1].cells] == ["1", "铁岭市银州区应急管理局", "县级", "2", "100"] + [
        "2", "0", "0", "0", "0.0%", "1",
    ]  # fmt: skip
    assert [c.text for c in ranking.rows[8].cells][:5] == ["8", "铁岭市生态环境局", "设区的市级", "2", "50"]
    assert [c.text for c in ranking.rows[9].cells][:2] + [c.text for c in ranking.rows[9].cells][3:5] == [
        "9", "某区应急管理局", "2", "47.5",
    ]  # fmt: skip
    assert len(annex.rows) == 1 + 35
    assert ranking.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in annex.rows[1:]}
    assert rows["开应急罚〔2026〕4号"][3:6] == ["90—100", "优秀", "未发现问题"]
    assert rows["开应急罚〔2026〕4号"][6].startswith("超过办案期限作出处罚决定：缺少数据：适用的办案期限（日）；")
    assert "derived." not in "".join(text) + "".join(c.text for row in annex.rows for c in row.cells)


def test_docx_is_byte_identical_twice(made: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    args = ["report", str(made["results"]), "--docx", str(again), "--sample", str(made["sample"])]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert again.read_bytes() == made["docx"].read_bytes()


def test_a_sample_record_that_was_tampered_with_is_named(made: dict[str, Path], tmp_path: Path) -> None:
    record = json.loads(made["sample"].read_text(encoding="utf-8"))
    del record["quota"]
    bad = tmp_path / "sample.json"
    bad.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["report", str(made["results"]), "--docx", str(tmp_path / "x.docx"), "--sample", str(bad)]
    )
    assert result.exit_code == 2
    assert (
        result.output == f"{bad}: 抽样记录不完整或被改动（KeyError: 'quota'）：请用 pingcha sample --record 重新生成\n"
    )
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed (apt-get install libreoffice-writer)"
)
def test_docx_converts_to_pdf_with_libreoffice(made: dict[str, Path], tmp_path: Path) -> None:
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(made["docx"])]
    subprocess.run(command, capture_output=True, timeout=240, check=False)
    pdf = pypdfium2.PdfDocument(tmp_path / "report.pdf")
    assert {tuple(round(x) for x in page.get_size()) for page in pdf} == {(595, 842)}
    assert 8 <= len(pdf) <= 20  # 14 pages on 2026-12-01
    text = _pdf_text(pdf)
    assert text.startswith("关于行政执法案卷评查情况的通报各有关执法机关：")
    assert f"—{len(pdf)}—" in text  # the page number, GB/T 9704's “— 1 —”
