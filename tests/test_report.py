"""`pingcha report` from batch results: XLSX read back cell by cell, the HTML self-contained and
opened in headless Chromium, CSV, Markdown, 同案不同罚, byte-identical outputs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT
from test_batch import AS_OF, COUNT, make_corpus

from engine import report
from engine.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.fixture(scope="module")
def results_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_corpus(tmp_path_factory.mktemp("corpus"))
    out = tmp_path_factory.mktemp("results") / "results.jsonl"
    CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--as-of", AS_OF, "-j", "2", "-q"])
    return out


# Built for each test that reads it, not once per module: mutmut runs for a mutant of report.py only the tests
# that called the mutated function while it collected its stats, and a module-scoped fixture's calls count for
# the first test that asked for it only, so the cell-by-cell checks would never meet the mutant.
@pytest.fixture
def outputs(results_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    paths = {kind: folder / f"report.{kind}" for kind in ("html", "xlsx", "csv", "md")}
    args = ["report", str(results_path)] + [x for kind, path in paths.items() for x in (f"--{kind}", str(path))]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return paths


def _records(path: Path) -> tuple[list[dict], list[dict]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in records if r["status"] == "ok"], [r for r in records if r["status"] == "error"]


def test_same_results_give_byte_identical_reports(results_path: Path, outputs: dict[str, Path], tmp_path: Path) -> None:
    again = {kind: tmp_path / f"again.{kind}" for kind in outputs}
    args = ["report", str(results_path)] + [x for kind, path in again.items() for x in (f"--{kind}", str(path))]
    assert CliRunner().invoke(main, args).exit_code == 0
    for kind, path in outputs.items():
        assert again[kind].read_bytes() == path.read_bytes(), kind


# each rule's own 整改措施, read from the rule files (rule ids are unique across the bundled profiles)
REMEDIES = {
    rule["id"]: rule["remedy"]
    for path in sorted((ROOT / "rules").glob("*/*.rules.yaml"))
    for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    if "remedy" in rule
}


def _expected_ledger(results: list[dict]) -> list[list]:
    """The 整改台账 rows, recomputed here without the report module."""
    severity_order = {"veto": 0, "major": 1, "minor": 2}
    label = {"veto": "否决", "major": "严重", "minor": "一般"}
    days = {"veto": 30, "major": 30, "minor": 60}
    per_rule_total: Counter[str] = Counter(f["rule_id"] for r in results for f in r["result"]["findings"])
    by_agency: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    info = {}
    for record in sorted(results, key=lambda r: r["index"]):
        for finding in record["result"]["findings"]:
            by_agency[record["case"]["agency"]["name"]][finding["rule_id"]].append(record)
            info[finding["rule_id"]] = finding
    assert per_rule_total  # the corpus has defects
    rows = []
    for agency in sorted(by_agency):
        rules = by_agency[agency]
        for rule_id in sorted(rules, key=lambda r: (severity_order[info[r]["severity"]], -len(rules[r]), r)):
            cases = rules[rule_id]
            finding = info[rule_id]
            examples = "、".join(c["result"]["case_id"] for c in cases[:5]) + (
                f"等 {len(cases)} 件" if len(cases) > 5 else ""
            )
            deadline = (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=days[finding["severity"]])).isoformat() + "前"
            note = f"{label[finding['severity']]}问题，涉及 {len(cases)} 件；依据：{'；'.join(finding['basis'])}"
            measure = REMEDIES.get(rule_id, report.MEASURES[finding["family"]]) + "。"
            rows.append([len(rows) + 1, finding["title"], examples, measure, deadline, agency, None, note])
    return rows


def test_xlsx_read_back_cell_by_cell(results_path: Path, outputs: dict[str, Path]) -> None:
    results, errors = _records(results_path)
    assert len(results) + len(errors) == COUNT
    workbook = openpyxl.load_workbook(outputs["xlsx"])
    assert workbook.sheetnames == [
        "整改台账",
        "案卷得分",
        "机关汇总",
        "案件类型汇总",
        "无法判定事项",
        "同案不同罚",
        "技术附录",
    ]

    ledger = workbook["整改台账"]
    assert ledger["A1"].value == "行政执法突出问题整改台账"
    assert ledger["A2"].value.startswith("填报单位：") and ledger["A2"].value.endswith(f"填报时间：{AS_OF}")
    assert [c.value for c in ledger[3]] == [
        "序号",
        "执法问题",
        "执法案例",
        "整改措施",
        "整改时限",
        "责任部门",
        "责任领导",
        "备注",
    ]
    assert ledger.freeze_panes == "A4"
    expected = _expected_ledger(results)
    actual = [[cell.value for cell in row] for row in ledger.iter_rows(min_row=4)]
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        assert got == want
    # every wrapped cell shows whole: its row is at least as high as its lines (a line per width − 2 columns)
    widths = [ledger.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert widths == [6, 24, 22, 40, 13, 18, 10, 30]
    for number, row in enumerate(actual, 4):
        wide = [sum(2 if ord(c) > 0x2E7F else 1 for c in str(v or "")) for v in row]
        lines = max(-(-w // int(width - 2)) or 1 for w, width in zip(wide, widths, strict=True))
        assert (ledger.row_dimensions[number].height or 14.25) >= 14.25 * lines, (number, row)

    scores = workbook["案卷得分"]
    assert scores.freeze_panes == "A2"
    assert [c.value for c in scores[1]] == [
        "序号", "案卷编号", "执法机关", "执法领域", "得分", "最低分", "等次", "等次状态", "否决", "问题数", "问题",
        "无法判定项", "文件",
    ]  # fmt: skip
    rows = list(scores.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(results)
    for number, (row, record) in enumerate(zip(rows, sorted(results, key=lambda r: r["index"]), strict=True), 1):
        score = record["result"]["score"]
        findings = record["result"]["findings"]
        assert row == (
            number,
            record["result"]["case_id"],
            record["case"]["agency"]["name"],
            record["case"]["agency"]["domain"],
            score["score"],
            score["low"],
            "不合格卷" if score["vetoed"] else score["grade"],
            score["grade_status"],
            "是" if score["vetoed"] else "否",
            len(findings),
            "；".join(f["title"] for f in findings) or None,
            len(record["result"]["undetermined"]),
            record["file"],
        )

    agencies = workbook["机关汇总"]
    by_agency: dict[str, list[dict]] = defaultdict(list)
    for record in results:
        by_agency[record["case"]["agency"]["name"]].append(record)
    assert [c.value for c in agencies[1]] == [
        "排名", "执法机关", "层级", "执法领域", "案卷数", "平均分", "优秀", "良好", "合格", "不合格", "其中否决",
        "否决率", "否决率排名", "问题数", "主要问题",
    ]  # fmt: skip
    rows = list(agencies.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == sorted(by_agency)
    averages = {
        name: round(sum(r["result"]["score"]["score"] for r in rs) / len(rs), 1) for name, rs in by_agency.items()
    }
    vetoes = {name: sum(1 for r in rs if r["result"]["score"]["vetoed"]) / len(rs) for name, rs in by_agency.items()}
    assert [r[1] for r in rows] == sorted(by_agency, key=lambda n: (-averages[n], vetoes[n], n))
    for row in rows:
        records = by_agency[row[1]]
        grades = Counter(r["result"]["score"]["grade"] for r in records)
        assert row[0] == 1 + sum(1 for a in averages.values() if a > averages[row[1]])  # equal averages share a rank
        assert row[2] == records[0]["case"]["agency"]["level"]
        assert row[4] == len(records)
        assert row[5] == averages[row[1]]
        assert row[6:10] == tuple(grades.get(g, 0) for g in ("优秀", "良好", "合格", "不合格"))
        assert row[10] == sum(1 for r in records if r["result"]["score"]["vetoed"])
        assert row[11] == f"{100 * vetoes[row[1]]:.1f}%"
        assert row[12] == 1 + sum(1 for v in vetoes.values() if v < vetoes[row[1]])
        assert row[13] == sum(len(r["result"]["findings"]) for r in records)


def test_xlsx_prints_on_a4_landscape_one_page_wide(outputs: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(outputs["xlsx"])
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
        head = 3 if sheet.title == "整改台账" else 1  # the ledger's caption and 填报 line come first, on page 1
        assert sheet.print_title_rows == f"${head}:${head}"
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
        assert fonts == {"宋体"}, sheet.title
    ledger = workbook["整改台账"]
    assert "A1:H1" in ledger.merged_cells and "A2:H2" in ledger.merged_cells
    assert ledger["A1"].font.size == 16 and ledger["A1"].font.bold


def test_csv_and_markdown(results_path: Path, outputs: dict[str, Path]) -> None:
    results, errors = _records(results_path)
    text = outputs["csv"].read_bytes().decode("utf-8")
    assert text.startswith("\ufeff序号,案卷编号,执法机关")
    assert len(text.strip().splitlines()) == len(results) + 1
    markdown = outputs["md"].read_text(encoding="utf-8")
    grades = Counter(r["result"]["score"]["grade"] for r in results)
    assert markdown.startswith("# 行政执法案卷评查报告\n")
    assert f"共评查案卷 {COUNT} 件，其中评分 {len(results)} 件、无法评分 {len(errors)} 件。" in markdown
    assert f"优秀 {grades['优秀']} 件、良好 {grades['良好']} 件" in markdown
    assert "## 各单位情况" in markdown and "## 同案不同罚" in markdown


def test_html_is_self_contained(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    without_namespace = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in without_namespace and "https://" not in without_namespace
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(?!data:)", html)
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") == 4
    for heading in (
        "等次分布",
        "得分分布",
        "按规则类别",
        "帕累托",
        "各执法机关",
        "同案不同罚",
        "逐卷评查结果",
        "无法评分的案卷",
    ):
        assert heading in html
    assert "依据：《行政处罚法》" in html


def _png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = kind = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunk, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if chunk == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and body[12] == 0  # 8 bits, not interlaced
        elif chunk == b"IDAT":
            idat += body
    bpp = {2: 3, 6: 4}[kind]
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind_of_filter == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
        elif kind_of_filter:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                up, corner = previous[x], previous[x - bpp] if x >= bpp else 0
                if kind_of_filter == 1:
                    line[x] = (line[x] + left) & 255
                elif kind_of_filter == 3:
                    line[x] = (line[x] + ((left + up) >> 1)) & 255
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def _chromium(page: Path, shot: Path, profile: Path) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
        f"--screenshot={shot}",
    ]
    done = subprocess.run([*command, page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert shot.exists(), done.stderr
    return done.stderr


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian package `chromium` is not installed (apt-get install chromium)")
def test_html_in_headless_chromium_no_console_errors_and_charts_visible(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    # The detector works: a page that logs an error is caught.
    control = tmp_path / "control.html"
    control.write_text('<html><body><script>console.error("control-marker")</script></body></html>', encoding="utf-8")
    caught = _console_messages(_chromium(control, tmp_path / "control.png", tmp_path / "profile-control"))
    assert any("control-marker" in line for line in caught)

    shot = tmp_path / "report.png"
    stderr = _chromium(outputs["html"], shot, tmp_path / "profile")
    assert _console_messages(stderr) == []
    shutil.copy(shot, outputs["html"].with_suffix(".png"))  # kept beside the report for a person to look at
    width, height, bpp, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 1000)
    colours: Counter[tuple[int, int, int]] = Counter()
    for row in rows:
        for x in range(0, len(row), bpp):
            colours[(row[x], row[x + 1], row[x + 2])] += 1
    assert colours[(0x3F, 0x6F, 0xB5)] > 2000  # histogram, family and Pareto bars
    assert colours[(0x2E, 0x7D, 0x32)] > 500  # the 优秀 bar of the grade chart
    assert colours[(0xC6, 0x28, 0x28)] > 100  # the 不合格 bar
    assert colours[(0xEF, 0x6C, 0x00)] > 50  # the Pareto cumulative line


def _record(index: int, case_id: str, fine: float, level: str = "一般", book: str = "emergency") -> dict:
    return {
        "index": index,
        "file": f"{case_id}.json",
        "line": None,
        "status": "ok",
        "case": {
            "case_id": case_id,
            "agency": {"name": "甲局", "domain": "应急管理", "level": "县级", "region": "甲县"},
            "party_kind": "单位",
            "item_code": "AQ-97-4",
            "violation": "未如实记录安全生产教育和培训情况",
            "fine": fine,
            "discretion_level": level,
            "discretion_band": "",
            "discretion_reasons": f"理由{index}",
            "reasoning": None,
        },
        "result": {
            "case_id": case_id,
            "as_of": AS_OF,
            "rulebook": {"name": book, "version": "x", "content_hash": "0" * 64},
            "score": {"score": 100.0, "grade": "优秀", "vetoed": False, "provisional": False},
            "findings": [],
            "undetermined": [],
        },
    }


def test_same_case_different_penalty_uses_the_profile_threshold(profile_copy) -> None:
    records = [
        _record(1, "甲罚〔2025〕1号", 40000),
        _record(2, "甲罚〔2025〕2号", 50000),
        _record(3, "甲罚〔2025〕3号", 61000),  # 52.5% above the lowest: beyond the 50% of the profile
        _record(4, "甲罚〔2025〕4号", 10000, level="从轻"),
        _record(5, "甲罚〔2025〕5号", 14000, level="从轻"),  # 40%: within
    ]
    built = report.build(records, [])
    assert len(built.consistency) == 1
    group = built.consistency[0]
    assert (group.item_code, group.level, group.party_kind, group.threshold) == ("AQ-97-4", "一般", "单位", 0.5)
    assert [c["fine"] for c in group.cases] == [40000, 50000, 61000]
    assert [c["reasons"] for c in group.cases] == ["理由1", "理由2", "理由3"]
    assert "AQ-97-4 未如实记录安全生产教育和培训情况（一般，单位）：3 件，罚款 40000—61000 元" in report.to_markdown(
        built
    )

    folder = profile_copy("national")
    manifest = folder / "profile.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("    value: 0.5\n", "    value: 0.6\n"), encoding="utf-8"
    )
    assert report.build(records, [], profile=str(folder)).consistency == []


def test_report_of_bad_results_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"not": "a result"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"{path}:1: 不是 pingcha batch 的结果行：缺少 $.status\n"
        "批量评查结果中有 1 行无法使用，未生成报告：请改正或删去这些行，或重新运行 pingcha batch\n"
    )


def test_results_are_read_again_on_every_pass_not_held(results_path: Path, tmp_path: Path) -> None:
    """A report over a year's batch holds aggregates, not records (issue 21): reading the results checks
    every line and keeps only the error records; each pass over the results reads the file again, in
    index order."""
    import tracemalloc

    lines = results_path.read_text(encoding="utf-8").splitlines()
    ok = [json.loads(line) for line in lines if '"status":"ok"' in line]
    copies = tmp_path / "copies.jsonl"
    # as a year of similar files would be
    written = [ok[n % len(ok)] | {"index": n + 1, "file": f"{n + 1}.json"} for n in range(2000)]
    copies.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for r in written),
        encoding="utf-8",
    )
    tracemalloc.start()
    results, _ = report.read_results([copies])
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert held < copies.stat().st_size / 20, held
    assert len(results) == 2000
    for _ in range(2):
        assert [r["case"] for r in results] == [r["case"] for r in written]
        assert [r["result"]["findings"] for r in results] == [r["result"]["findings"] for r in written]


HYPERLINK = '=HYPERLINK("http://example.com/x","点此查看")'


def test_texts_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    case = json.loads((ROOT / "casefiles" / "examples" / "em-02-hearing-not-notified.json").read_text("utf-8"))
    case["case_id"], case["agency"]["name"] = "=1+2", HYPERLINK
    (tmp_path / "case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    results = tmp_path / "r.jsonl"
    CliRunner().invoke(main, ["batch", str(tmp_path / "case.json"), "-o", str(results), "--as-of", AS_OF, "-q"])
    xlsx, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["report", str(results), "--xlsx", str(xlsx), "--csv", str(csv_path)])
    assert result.exit_code == 0, result.output

    workbook = openpyxl.load_workbook(xlsx)
    assert [c.coordinate for sheet in workbook for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    scores, ledger = workbook["案卷得分"], workbook["整改台账"]
    assert (scores["B2"].value, scores["C2"].value) == ("=1+2", HYPERLINK)
    assert (ledger["C4"].value, ledger["F4"].value) == ("=1+2", HYPERLINK)
    assert scores["B2"].quotePrefix and ledger["F4"].quotePrefix and not scores["D2"].quotePrefix

    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[1][1:4] == ["'=1+2", "'" + HYPERLINK, "应急管理"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("甲局=1", "甲局=1"),
        (3, 3),
    ],
)
def test_csv_cells_a_spreadsheet_would_read_as_formulas_start_with_a_quote(value: object, cell: object) -> None:
    assert report.csv_cell(value) == cell


# --- results files that are empty, all errors, or edited by hand -----------------------------------

LAST_LINE = "批量评查结果中有 {n} 行无法使用，未生成报告：请改正或删去这些行，或重新运行 pingcha batch"


@pytest.fixture(scope="module")
def small_results(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The lines of a batch over three example files: compliant, with findings, not JSON."""
    out = tmp_path_factory.mktemp("small") / "r.jsonl"
    names = ["em-01-compliant.json", "em-02-hearing-not-notified.json", "malformed-11-not-json.json"]
    inputs = [str(ROOT / "casefiles" / "examples" / name) for name in names]
    CliRunner().invoke(main, ["batch", *inputs, "-o", str(out), "--as-of", AS_OF, "-q"])
    return out.read_text(encoding="utf-8").splitlines()


def _report(tmp_path: Path, data: bytes, *more: str) -> tuple[Path, object]:
    path = tmp_path / "r.jsonl"
    path.write_bytes(data)
    outputs = [x for kind in ("html", "xlsx", "csv", "md") for x in (f"--{kind}", str(tmp_path / f"o.{kind}"))]
    return path, CliRunner().invoke(main, ["report", str(path), *more, *outputs])


def _edited(lines: list[str], number: int, edit) -> bytes:
    record = json.loads(lines[number - 1])
    edit(record)
    changed = [json.dumps(record, ensure_ascii=False) if n == number else line for n, line in enumerate(lines, 1)]
    return ("\n".join(changed) + "\n").encode("utf-8")


def _set(*path_and_value):
    *path, value = path_and_value

    def edit(record: dict) -> None:
        for key in path[:-1]:
            record = record[key]
        record[path[-1]] = value

    return edit


def _drop(*path):
    def edit(record: dict) -> None:
        for key in path[:-1]:
            record = record[key]
        del record[path[-1]]

    return edit


@pytest.mark.parametrize(
    ("number", "edit", "problem"),
    [
        (1, _drop("status"), "不是 pingcha batch 的结果行：缺少 $.status"),
        (1, _set("status", "done"), '$.status 应为其中之一："ok"、"error"，实际为 "done"'),
        (1, _drop("index"), "缺少 $.index（应为正整数）"),
        (1, _set("index", "1"), '$.index 应为正整数，实际为 "1"'),
        (1, _drop("result"), "缺少 $.result（应为对象（{…}））"),
        (1, _drop("result", "case_id"), "缺少 $.result.case_id（应为文本）"),
        (1, _drop("case", "agency"), "缺少 $.case.agency（应为对象（{…}））"),
        (1, _set("result", "score", "score", "abc"), '$.result.score.score 应为非负数，实际为 "abc"'),
        (1, _set("result", "score", "score", None), "$.result.score.score 应为非负数，实际为 null"),
        (1, _set("result", "score", "vetoed", "否"), '$.result.score.vetoed 应为布尔值 true 或 false，实际为 "否"'),
        (1, _set("result", "as_of", "2026-13-01"), '$.result.as_of 应为日期（如 2026-11-21），实际为 "2026-13-01"'),
        (1, _set("result", "findings", None), "$.result.findings 应为列表，实际为 null"),
        (1, _set("case", "fine", "五万"), '$.case.fine 应为非负数，实际为 "五万"'),
        (1, _set("case", "crossfile", "party", None), "$.case.crossfile.party 应为对象（{…}），实际为 null"),
        (
            2,
            lambda r: r["result"]["findings"][0].update(severity="fatal"),
            '$.result.findings[0].severity 应为其中之一："minor"、"major"、"veto"，实际为 "fatal"',
        ),
        (3, _drop("message"), "缺少 $.message（应为文本）"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_hand_edited_line_is_named_with_what_is_wrong(
    small_results: list[str], tmp_path: Path, number: int, edit, problem: str
) -> None:
    path, result = _report(tmp_path, _edited(small_results, number, edit))
    assert result.exit_code == 2
    assert result.output == f"{path}:{number}: {problem}\n{LAST_LINE.format(n=1)}\n"
    assert not list(tmp_path.glob("o.*"))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda line: line[:100], "JSON 不完整：在第 101 列中断（可能是被中断的运行写下的半行）"),
        (
            lambda line: line.replace('"score":0.0', '"score":NaN', 1),
            "含有 NaN，不是 JSON 的数值（pingcha batch 不写这样的值）",
        ),
        (lambda line: "[]", "不是 pingcha batch 的结果行：应为 JSON 对象，实际为 []"),
        (lambda line: "{,}", "不是有效的 JSON：第 2 列有误"),
        (lambda line: "[" * 100_000, "不是 pingcha batch 的结果行：JSON 嵌套过深"),
    ],
    ids=["torn", "nan", "array", "not-json", "deep"],
)
def test_a_line_that_is_not_a_json_record_is_named(small_results: list[str], tmp_path: Path, damage, problem) -> None:
    lines = list(small_results)
    lines[1] = damage(lines[1])
    path, result = _report(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    assert result.exit_code == 2
    assert result.output == f"{path}:2: {problem}\n{LAST_LINE.format(n=1)}\n"


def test_every_bad_line_is_named_and_text_not_in_utf8_too(small_results: list[str], tmp_path: Path) -> None:
    gbk = small_results[1].replace('"as_of"', '"评查"', 1).encode("gbk", errors="replace")
    data = b"\n".join([small_results[0].encode()[:50], gbk, b"42"]) + b"\n"
    path, result = _report(tmp_path, data)
    assert result.exit_code == 2
    problem = result.output.splitlines()[1]
    assert problem.startswith(f"{path}:2: 不是 UTF-8 编码的文本（此行第 ") and problem.endswith(
        "个字节起），结果文件应为 UTF-8"
    )
    assert result.output.splitlines()[0].startswith(f"{path}:1: JSON 不完整")
    assert result.output.splitlines()[2:] == [
        f"{path}:3: 不是 pingcha batch 的结果行：应为 JSON 对象，实际为 42",
        LAST_LINE.format(n=3),
    ]


def test_a_record_given_twice_is_refused(small_results: list[str], tmp_path: Path) -> None:
    path, result = _report(tmp_path, ("\n".join([*small_results, small_results[1]]) + "\n").encode("utf-8"))
    assert result.exit_code == 2
    first = json.loads(small_results[1])["file"]
    assert result.output == (
        f"{path}:4: 与 {path}:2 重复：输入 {first} 的记录出现两次（同一案卷不能计两次，请删去其中一行）\n{LAST_LINE.format(n=1)}\n"
    )


def test_the_same_input_under_another_spelling_is_a_duplicate(small_results: list[str], tmp_path: Path) -> None:
    record = json.loads(small_results[0])
    again = json.dumps(
        record | {"index": 4, "file": str(Path(record["file"]).parent / "." / Path(record["file"]).name)}
    )
    path, result = _report(tmp_path, ("\n".join([*small_results, again]) + "\n").encode("utf-8"))
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:4: 与 {path}:1 重复：输入 {record['file']} 的记录出现两次")


def test_a_results_file_given_twice_is_refused(small_results: list[str], tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(small_results) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path), str(tmp_path / "." / "r.jsonl")])
    assert result.exit_code == 2
    assert result.output == f"{tmp_path / '.' / 'r.jsonl'}: 与 {path} 是同一个结果文件，不能计两次\n"


def test_a_results_file_saved_with_a_bom_is_read(small_results: list[str], tmp_path: Path) -> None:
    _, result = _report(tmp_path, ("\ufeff" + "\n".join(small_results) + "\n").encode("utf-8"))
    assert result.exit_code == 0, result.output


def test_a_report_of_error_records_only_has_no_date(small_results: list[str], tmp_path: Path) -> None:
    # the report date used to default to 1970-01-01, which a ZIP (so an XLSX) cannot hold
    _, result = _report(tmp_path, (small_results[2] + "\n").encode("utf-8"))
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert "评查基准日 —，报告日期 —。" in markdown
    assert "共评查案卷 1 件，其中评分 0 件、无法评分 1 件。" in markdown
    assert "报告日期 — ·" in (tmp_path / "o.html").read_text(encoding="utf-8")
    ledger = openpyxl.load_workbook(tmp_path / "o.xlsx")["整改台账"]
    assert ledger["A2"].value.endswith("填报时间：")


def test_a_report_date_an_xlsx_cannot_hold_is_refused(small_results: list[str], tmp_path: Path) -> None:
    _, result = _report(tmp_path, ("\n".join(small_results) + "\n").encode("utf-8"), "--date", "1970-01-01")
    assert result.exit_code == 2
    assert result.output == "报告日期 1970-01-01 超出可用范围（1980-01-01 至 2107-12-31）：请用 --date 指定报告日期\n"


@pytest.mark.parametrize("data", [b"", b"\n\n"], ids=["empty", "blank-lines"])
def test_an_empty_results_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path, result = _report(tmp_path, data)
    assert result.exit_code == 2
    assert result.output == f"{path}: 没有任何评查结果（文件为空）：请确认给的是 pingcha batch 写出的结果文件\n"


def _report_files(results: list[Path], out: Path) -> dict[str, bytes]:
    paths = {kind: out / f"report.{kind}" for kind in ("html", "xlsx", "csv", "md")}
    args = ["report", *map(str, results)] + [x for kind, path in paths.items() for x in (f"--{kind}", str(path))]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return {kind: path.read_bytes() for kind, path in paths.items()}


def test_results_split_shuffled_or_in_order_give_the_same_report(results_path: Path, tmp_path: Path) -> None:
    """The report reads the results again on each pass, merging files by index (issue 21): two files with
    their lines interleaved, or one file out of index order (held and sorted), give the same bytes."""
    lines = results_path.read_text(encoding="utf-8").splitlines(keepends=True)
    odd, even, shuffled = tmp_path / "odd.jsonl", tmp_path / "even.jsonl", tmp_path / "shuffled.jsonl"
    odd.write_text("".join(lines[0::2]), encoding="utf-8")
    even.write_text("".join(lines[1::2]), encoding="utf-8")
    shuffled.write_text("".join(reversed(lines)), encoding="utf-8")
    reports = []
    for number, given in enumerate(([results_path], [even, odd], [shuffled])):
        (tmp_path / str(number)).mkdir()
        reports.append(_report_files(given, tmp_path / str(number)))
    assert reports[0] == reports[1] == reports[2]
    results, _ = report.read_results([even, odd])
    assert [r["index"] for r in results] == sorted(r["index"] for r in results)
    assert len(results) == sum('"status":"ok"' in line for line in lines) > 0


def test_a_report_over_many_results_holds_no_more_than_a_few(results_path: Path, tmp_path: Path) -> None:
    """Memory for the aggregate outputs does not grow with the results (issue 21): a report's build() and
    CSV over 40 × the lines allocate at most a few hundred bytes a result more than over 10 × (records
    held took 15 KiB a result). A first build loads the rulebooks."""
    import tracemalloc

    ok = [json.loads(line) for line in results_path.read_text(encoding="utf-8").splitlines() if '"status":"ok"' in line]
    peaks = []
    for times in (2, 10, 40):
        copies = tmp_path / f"x{times}.jsonl"
        written = (ok[n % len(ok)] | {"index": n + 1, "file": f"{n + 1}.json"} for n in range(times * len(ok)))
        copies.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in written), encoding="utf-8")
        results, errors = report.read_results([copies])
        tracemalloc.start()
        built = report.build(results, errors, every_case=False)
        for _ in report.to_csv(built):
            pass
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert built.scored == times * len(ok)
    assert (peaks[2] - peaks[1]) / (30 * len(ok)) < 500, peaks


def test_a_sheet_keeps_no_row_once_written() -> None:
    """A report sheet is written row by row (issue 21): once a row is out, nothing of it stays — openpyxl's
    write-only sheet kept every row's height (~450 bytes a row of each sheet: 448 MiB at 200,000 results).
    The heights themselves are in the file (test_xlsx_read_back_cell_by_cell)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    rows = [[f"第{n}行", "一段很长的文字" * 20] for n in range(1000)]
    report._sheet(workbook, "表", ["编号", "内容"], lambda: iter(rows), ["标题"], [10, 20])
    sheet = workbook.worksheets[0]
    assert len(sheet.row_dimensions) <= 2, len(sheet.row_dimensions)  # the caption's and the header's
    workbook.save(io.BytesIO())


def test_a_report_keeps_only_the_cases_its_ledger_shows(results_path: Path, tmp_path: Path) -> None:
    """A ledger row shows the first five cases and how many there are; a report keeps only those five
    (the rectification ledger's database builds with every case): the rows are the same otherwise."""
    ok = [json.loads(line) for line in results_path.read_text(encoding="utf-8").splitlines() if '"status":"ok"' in line]
    copies = tmp_path / "x3.jsonl"
    written = (ok[n % len(ok)] | {"index": n + 1, "file": f"{n + 1}.json"} for n in range(3 * len(ok)))
    copies.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in written), encoding="utf-8")
    every = report.build(*report.read_results([copies])).ledger
    shown = report.build(*report.read_results([copies]), every_case=False).ledger
    assert [replace(row, case_ids=()) for row in every] == [replace(row, case_ids=()) for row in shown]
    many = [(e, s) for e, s in zip(every, shown, strict=True) if len(e.case_ids) > report.EXAMPLES_PER_ROW]
    assert many, "no ledger row with more cases than it shows"
    for whole, row in many:
        assert row.case_ids == whole.case_ids[: report.EXAMPLES_PER_ROW]
        assert row.cases == "、".join(row.case_ids) + f"等 {len(whole.case_ids)} 件"
        assert f"涉及 {len(whole.case_ids)} 件" in row.note
