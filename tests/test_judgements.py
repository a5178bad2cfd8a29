"""Reviewers' judgements (人工评查): the sidecar records, their merge with the machine's findings, the
grades they change (casefiles/judgements/), bad records, and the ledger items they become."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from engine.cli import main

JUDGEMENTS = ROOT / "casefiles" / "judgements"
COMPLIANT = EXAMPLES / "em-01-compliant.json"  # 开应急罚〔2025〕7号: machine 100 优秀
EARLY = EXAMPLES / "em-16-court-enforcement-early.json"  # 开应急罚〔2025〕33号: machine 97 优秀
DEADLINES = EXAMPLES / "em-03-discretion-and-deadlines.json"  # 开应急罚〔2025〕15号: no record
ITEMS = ["主体", "事实", "证据", "定性", "适用法律", "程序", "裁量适当", "文书"]


def check_json(runner, *args: str) -> dict:
    result = runner.invoke(main, ["check", *args, "--as-of", "2026-11-21", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_substantive_veto_fails_a_file_the_machine_graded_excellent(runner):
    machine = check_json(runner, str(COMPLIANT))
    assert (machine["score"]["score"], machine["score"]["grade"], machine["score"]["vetoed"]) == (100, "优秀", False)
    judged = check_json(runner, str(COMPLIANT), "--judgements", str(JUDGEMENTS))
    score = judged["score"]
    assert (score["score"], score["low"], score["grade"], score["grade_status"], score["vetoed"]) == (
        0,
        0,
        "不合格",
        "确定",
        True,
    )
    assert judged["machine_score"] == machine["score"]
    panel = [f for f in judged["findings"] if f.get("by") == "人工评查"]
    assert panel == [
        {
            "rule_id": "panel-evidence",
            "title": "证据不充分（人工评查）",
            "family": "评查标准",
            "category": "内容",
            "severity": "veto",
            "points": 0,
            "basis": ["《行政处罚法》（2021）第40条", "《行政处罚法》（2021）第46条第2款"],
            "message": "认定“1人培训记录与实际不符”只有当事人的询问笔录，卷内无培训档案、考勤记录或该从业人员的证言佐证"
            "（评查人 王芳，2026-11-25）",
            "evidence": [],
            "by": "人工评查",
        }
    ]
    assert judged["judgements"]["pending"] == []
    assert judged["judgements"]["file"] == str(JUDGEMENTS / "开应急罚〔2025〕7号.yaml")
    assert [e["verdict"] for e in judged["judgements"]["items"]] == ["符合"] * 2 + ["不符合"] + ["符合"] * 5
    assert {"panel-subject", "panel-documents"} <= set(judged["passed"])


def test_a_deduction_with_an_item_left_unjudged_is_provisional(runner):
    judged = check_json(runner, str(EARLY), "--judgements", str(JUDGEMENTS))
    score = judged["score"]
    # machine 3 (内容) + panel 8 (裁量适当, 内容) = 89; 文书 (卷面, up to 4) not judged and the 立案审批表's
    # two rules (3 points, issue 19 filing) undetermined: 82—89, both 良好
    assert (score["score"], score["low"], score["grade"], score["low_grade"], score["grade_status"]) == (
        89,
        82,
        "良好",
        "良好",
        "暂定",
    )
    assert score["deductions"] == {"内容": 11, "卷面": 0}
    assert judged["judgements"]["pending"] == ["文书"]
    assert judged["undetermined"][-1] == {
        "rule_id": "panel-documents",
        "title": "按执法文书规范填写（人工评查）",
        "reason": "未评定：没有本案卷对此项的人工评查记录",
        "by": "人工评查",
    }
    discretion = next(e for e in judged["judgements"]["items"] if e["name"] == "裁量适当")
    assert (discretion["points"], discretion["reviewer"], discretion["date"]) == (8, "李明", "2026-11-26")


def test_the_text_says_which_is_which(runner):
    result = runner.invoke(main, ["check", str(EARLY), "--as-of", "2026-11-21", "--judgements", str(JUDGEMENTS)])
    assert result.exit_code == 1
    tail = result.stdout.split("人工评查（", 1)[1].splitlines()
    assert tail[0] == f"{JUDGEMENTS / '开应急罚〔2025〕33号.yaml'}）："
    assert tail[7:] == [
        "  裁量适当：不符合  扣 8 分  —— 李明，2026-11-26",
        "     12名从业人员中1人记录不实、已当场改正，罚款20000元接近从轻档上限30000元，决定书未说明理由",
        "  文书：未评定",
        "人工评查未完成（文书 未评定或无法判定）：等次尚未确定",
        "机器评查：扣 3 分；人工评查：扣 8 分",
        "",
        "得分 82—89 / 100，内容 扣 11 分  等次：良好（暂定：人工评查项未全部评定）",
        "",
    ]


def test_a_file_without_a_record_is_not_complete(runner):
    judged = check_json(runner, str(DEADLINES), "--judgements", str(JUDGEMENTS))
    assert judged["judgements"] == {
        "file": None,
        "items": [
            {"id": i["id"], "name": i["name"], "title": i["title"], "verdict": "未评定"}
            for i in judged["judgements"]["items"]
        ],
        "pending": ITEMS,
    }
    score = judged["score"]
    # unjudged veto items could fail it: 待核实, the range down to 0
    assert (score["score"], score["low"], score["grade"], score["grade_status"]) == (88, 0, "良好", "待核实")


def test_without_judgements_nothing_changes(runner):
    plain = check_json(runner, str(COMPLIANT))
    assert "judgements" not in plain and "machine_score" not in plain


def test_undecidable_is_neither_pass_nor_defect(runner, tmp_path):
    folder = tmp_path / "j"
    write(
        folder,
        "a.yaml",
        "case_id: 开应急罚〔2025〕7号\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n"
        + "".join(f"  {name}: 符合\n" for name in ITEMS if name != "裁量适当")
        + "  裁量适当: {verdict: 无法判定, reason: 卷内无同类案件的处罚记录可比}\n",
    )
    judged = check_json(runner, str(COMPLIANT), "--judgements", str(folder))
    score = judged["score"]
    assert (score["score"], score["low"], score["grade"], score["low_grade"], score["grade_status"]) == (
        100,
        90,
        "优秀",
        "优秀",
        "暂定",
    )
    assert not [f for f in judged["findings"] if f.get("by")]
    assert judged["undetermined"] == [
        {
            "rule_id": "panel-discretion",
            "title": "处罚与违法行为的事实、性质、情节以及社会危害程度是否相当（人工评查）",
            "reason": "评查人 王芳 无法判定：卷内无同类案件的处罚记录可比",
            "by": "人工评查",
        }
    ]
    assert judged["judgements"]["pending"] == ["裁量适当"]


BAD_RECORDS = [
    (
        "items:\n  证据: 不符合\n",
        [
            "a.yaml（第 1 行）：缺少案卷编号 case_id（文本），实为 空",
            "a.yaml（第 2 行）：评查项“证据”结论为不符合，须写明理由 reason",
            "a.yaml（第 2 行）：评查项“证据”缺少评查人 reviewer、评查日期 date（写在该项中，或写在记录顶层供各项共用）",
        ],
    ),
    (
        "case_id: X\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  证明: 符合\n  定性: 通过\n",
        [
            "a.yaml（第 5 行）：没有评查项“证明”；应为 主体、事实、证据、定性、适用法律、程序、裁量适当、文书 之一（是否应为 证据？）",
            "a.yaml（第 6 行）：评查项“定性”的结论应为 符合、不符合 或 无法判定，实为 “通过”",
        ],
    ),
    (
        "case_id: X\ndate: 2026-13-01\nitems:\n  主体: {verdict: 符合, deduct: 2}\n",
        [
            "a.yaml（第 2 行）：date 应为 YYYY-MM-DD 格式的日期（如 2026-11-25），实为 “2026-13-01”",
            "a.yaml（第 4 行）：评查项“主体”的扣分 deduct 只用于“不符合”，应为大于 0 的数，实为 “2”（结论 符合）",
            "a.yaml（第 4 行）：评查项“主体”缺少评查人 reviewer、评查日期 date（写在该项中，或写在记录顶层供各项共用）",
        ],
    ),
    (
        "case_id: X\nreviewr: 王芳\nitems: [证据]\n",
        [
            "a.yaml（第 2 行）：评查记录中没有 `reviewr` 这一项；应为 case_id、reviewer、date、items 之一（是否应为 reviewer？）",
            "a.yaml（第 3 行）：items 应为各评查项的评查结论（如 证据: 符合），实为 “['证据']”",
        ],
    ),
    ("case_id: X\nitems:\n  证据: 符合\n  证据: 不符合\n", ["a.yaml（第 4 行）：键 `证据` 重复出现（首次在第 3 行）"]),
    ("- 证据\n", ["a.yaml（第 1 行）：应为评查记录（含 case_id、items 的键值表），实为 “['证据']”"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_RECORDS, ids=[str(i) for i in range(len(BAD_RECORDS))])
def test_bad_records_are_named_with_file_and_line(runner, tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    write(Path("j"), "a.yaml", text)
    result = runner.invoke(main, ["check", str(COMPLIANT), "--as-of", "2026-11-21", "--judgements", "j"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    body = lines[1:] if len(expected) > 1 else lines
    assert body == [f"j/{line}" for line in expected]
    if len(expected) > 1:
        assert lines[0] == f"人工评查记录有 {len(expected)} 处问题："


def test_a_case_judged_twice_and_a_missing_folder(runner, tmp_path):
    record = "case_id: 开应急罚〔2025〕7号\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  证据: 符合\n"
    write(tmp_path / "j", "a.yaml", record)
    write(tmp_path / "j", "b.yml", record)
    result = runner.invoke(main, ["check", str(COMPLIANT), "--judgements", str(tmp_path / "j")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{tmp_path / 'j' / 'b.yml'}（第 1 行）：案卷 开应急罚〔2025〕7号 已在 {tmp_path / 'j' / 'a.yaml'} 中评查；"
        "一份案卷只能有一份评查记录"
    )
    result = runner.invoke(main, ["check", str(COMPLIANT), "--judgements", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "不是文件夹；--judgements 应为存放人工评查记录（*.yaml）的文件夹" in result.stderr


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "裁量适当: {verdict: 不符合, deduct: 12, reason: 过重}",
            "“裁量适当”最多扣 10 分（规则集 emergency），记录扣 12 分",
        ),
        (
            "证据: {verdict: 不符合, deduct: 2, reason: 不足}",
            "“证据”是否决项（不符合即为不合格卷），不扣分：请删去 deduct",
        ),
    ],
)
def test_what_only_the_profile_can_tell(runner, tmp_path, item, message):
    path = write(
        tmp_path / "j", "a.yaml", f"case_id: 开应急罚〔2025〕7号\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  {item}\n"
    )
    result = runner.invoke(main, ["check", str(COMPLIANT), "--as-of", "2026-11-21", "--judgements", str(path.parent)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}（第 5 行）：{message}"


def test_batch_and_report_merge_the_same_way(runner, tmp_path):
    judged, plain = tmp_path / "judged.jsonl", tmp_path / "plain.jsonl"
    for out, extra in ((judged, ["--judgements", str(JUDGEMENTS)]), (plain, [])):
        result = runner.invoke(
            main,
            [
                "batch",
                str(COMPLIANT),
                str(EARLY),
                str(DEADLINES),
                "--as-of",
                "2026-11-21",
                "-o",
                str(out),
                "-q",
                *extra,
            ],
        )
        assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in judged.read_text(encoding="utf-8").splitlines()]
    assert [(r["result"]["score"]["score"], r["result"]["score"]["grade_status"]) for r in lines] == [
        (0, "确定"),
        (89, "暂定"),
        (88, "待核实"),
    ]
    mds = []
    for results, extra in (
        (judged, []),
        (plain, ["--judgements", str(JUDGEMENTS)]),
        (judged, ["--judgements", str(JUDGEMENTS)]),
    ):
        md = tmp_path / f"r{len(mds)}.md"
        assert runner.invoke(main, ["report", str(results), "--md", str(md), *extra]).exit_code == 0
        mds.append(md.read_bytes())
    assert mds[0] == mds[1] == mds[2]
    assert "| 证据不充分（人工评查） | 评查标准 | 否决 | 1 |" in mds[0].decode()


def test_batch_refuses_bad_records_before_scoring(runner, tmp_path):
    write(tmp_path / "j", "a.yaml", "case_id: X\nitems:\n  证据: 好\n")
    out = tmp_path / "r.jsonl"
    result = runner.invoke(main, ["batch", str(COMPLIANT), "-o", str(out), "--judgements", str(tmp_path / "j")])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'j' / 'a.yaml'}（第 3 行）：评查项“证据”的结论应为 符合、不符合 或 无法判定，实为 “好”"
    )
    assert not out.exists()


def test_a_record_that_does_not_fit_its_profile_is_an_error_record(runner, tmp_path):
    write(
        tmp_path / "j",
        "a.yaml",
        "case_id: 开应急罚〔2025〕7号\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  裁量适当: {verdict: 不符合, deduct: 11, reason: 过重}\n",
    )
    out = tmp_path / "r.jsonl"
    result = runner.invoke(
        main, ["batch", str(COMPLIANT), str(EARLY), "-q", "-o", str(out), "--judgements", str(tmp_path / "j")]
    )
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert (first["status"], first["error"]) == ("error", "judgements")
    assert (
        first["message"]
        == f"{tmp_path / 'j' / 'a.yaml'}（第 5 行）：“裁量适当”最多扣 10 分（规则集 emergency），记录扣 11 分"
    )
    assert second["status"] == "ok"


def test_report_refuses_results_of_another_rulebook_version(runner, tmp_path):
    out = tmp_path / "r.jsonl"
    assert runner.invoke(main, ["batch", str(COMPLIANT), "-q", "-o", str(out), "--as-of", "2026-11-21"]).exit_code == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    record["result"]["rulebook"]["content_hash"] = "0" * 64
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(out), "--judgements", str(JUDGEMENTS)])
    assert result.exit_code == 2
    assert "结果由规则集 emergency 的另一版本评出（内容哈希 000000000000" in result.stderr


def test_lint_checks_the_basis_of_judgement_items(runner, profile_copy):
    folder = profile_copy("national")
    manifest = folder / "profile.yaml"
    text = manifest.read_text(encoding="utf-8")
    facts = "    defect: 事实不清\n    category: 内容\n    severity: veto\n    basis:\n      - {law: 行政处罚法, article: 40}\n"
    assert facts in text
    manifest.write_text(text.replace(facts, facts.replace("article: 40", "article: 99")), encoding="utf-8")
    result = runner.invoke(main, ["rules", "lint", str(folder), "--as-of", "2026-11-21", "--format", "json"])
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["message"]) for d in errors] == [
        ("basis-no-article", "人工评查项 `panel-facts`：《行政处罚法》（2021）只有86条，所引为第99条")
    ]
    assert errors[0]["line"] == text[: text.index("  - id: panel-facts")].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (
            "    severity: veto\n    basis:\n      - {law: 行政处罚法, article: 40}\n",
            "    severity: veto\n    points: 5\n    basis:\n      - {law: 行政处罚法, article: 40}\n",
            "schema",
            None,
        ),
        ("    name: 事实\n", "    name: 主体\n", "duplicate-judgement", "人工评查项 name `主体` 重复"),
        (
            "    defect: 事实不清\n    category: 内容\n",
            "    defect: 事实不清\n    category: 实体\n",
            "unknown-category",
            "计分类别 `实体` 不在 scoring.categories 中",
        ),
    ],
    ids=["veto-with-points", "duplicate-name", "unknown-category"],
)
def test_judgement_items_that_do_not_load(profile_copy, old, new, code, message):
    from engine.errors import RulebookError
    from engine.rulebook import load_rulebook

    folder = profile_copy("national")
    manifest = folder / "profile.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(str(folder))
    assert caught.value.code == code
    if message:
        assert caught.value.message == message


def test_an_inspection_file_has_nothing_for_the_panel(runner, tmp_path):
    """The items are for penalty files: an inspection file is scored as the machine scored it, and a record
    for it is an error."""
    inspection = EXAMPLES / "insp-19-dust-compliant.json"
    plain = check_json(runner, str(inspection))
    assert check_json(runner, str(inspection), "--judgements", str(JUDGEMENTS)) == plain
    case_id = plain["case_id"]
    path = write(
        tmp_path / "j", "a.yaml", f"case_id: {case_id}\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  证据: 符合\n"
    )
    result = runner.invoke(main, ["check", str(inspection), "--as-of", "2026-11-21", "--judgements", str(path.parent)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}（第 5 行）：规则集 emergency 对此类案卷没有评查项“证据”；其评查项为 （无）"


def test_the_batch_summary_counts_how_far_files_were_judged(runner, tmp_path):
    result = runner.invoke(
        main,
        ["batch", str(COMPLIANT), str(EARLY), str(DEADLINES), str(EXAMPLES / "insp-19-dust-compliant.json"),
         "--as-of", "2026-11-21", "-q", "-o", str(tmp_path / "r.jsonl"), "--judgements", str(JUDGEMENTS)],
    )  # fmt: skip
    assert result.stderr.splitlines()[:3] == [
        "输入 4 件：评分 4 件，错误 0 件",
        "等次：优秀 1，良好 2，不合格卷 1（其中等次暂定 1 件、待核实 1 件，有无法判定项）",
        "人工评查：已全部评定 1 件，未评完 1 件，无评查记录 1 件（未评完或无评查记录的，等次暂定或待核实）",
    ]


def test_a_decision_before_the_cited_version_says_so(runner, tmp_path):
    """The items cite the 2021 text; a 2020 decision's finding says the text then in force is not encoded."""
    old = EXAMPLES / "nat-08-simple-procedure-2020.json"
    case_id = json.loads(old.read_text(encoding="utf-8"))["case_id"]
    write(
        tmp_path / "j",
        "a.yaml",
        f"case_id: {case_id}\nreviewer: 王芳\ndate: 2026-11-25\nitems:\n  事实: {{verdict: 不符合, reason: 违法事实不清}}\n",
    )
    judged = check_json(runner, str(old), "--judgements", str(tmp_path / "j"))
    panel = [f for f in judged["findings"] if f.get("by")]
    assert panel[0]["basis"] == [
        "《行政处罚法》（2021）第40条",
        "注：本案决定日期 2020-06-02 不在所引版本的施行期间，当时施行的版本的对应条文未编入本规则集",
    ]


NOT_JUDGED = (
    "人工评查：未进行（主体、事实、证据、定性、适用法律、程序、裁量适当、文书须由评查组评定，用 --judgements 给出评查记录）；"
    "以下得分、等次仅为机器评查结果"
)


def test_without_judgements_the_text_says_the_grade_is_the_machine_s_alone(runner):
    """A penalty file checked without the panel's records says so before its score; an inspection file, which
    has no judgement items, does not."""
    penalty = runner.invoke(main, ["check", str(EXAMPLES / "em-01-compliant.json"), "--as-of", "2026-11-21"])
    assert penalty.stdout.splitlines()[-4:] == [NOT_JUDGED, "", "得分 100 / 100  等次：优秀", ""]
    inspection = runner.invoke(main, ["check", str(EXAMPLES / "insp-19-dust-compliant.json"), "--as-of", "2026-11-21"])
    assert "人工评查" not in inspection.stdout
    judged = runner.invoke(
        main,
        ["check", str(EXAMPLES / "em-01-compliant.json"), "--as-of", "2026-11-21", "--judgements", str(JUDGEMENTS)],
    )
    assert NOT_JUDGED not in judged.stdout


def test_a_batch_without_judgements_says_no_panel_review_was_made(runner, tmp_path):
    files = [str(EXAMPLES / "em-01-compliant.json"), str(EXAMPLES / "em-03-discretion-and-deadlines.json")]
    done = runner.invoke(main, ["batch", *files, "--as-of", "2026-11-21", "-o", str(tmp_path / "r.jsonl")])
    assert done.stderr.splitlines()[:3] == [
        "输入 2 件：评分 2 件，错误 0 件",
        "等次：优秀 1，良好 1",
        "人工评查：未进行（未给出 --judgements）；等次仅为机器评查结果，主体、事实、证据等实体项目未经评定",
    ]
