"""`pingcha rules diff OLD NEW --corpus DIR`: a rulebook change and what it does to the findings."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from minirulebook import rule, write_profile

from engine import resources
from engine.cli import main
from engine.rulebook import load_rulebook
from engine.rulediff import diff_rulebooks, render_json

AS_OF = ["--as-of", "2026-11-21"]
CORPUS = ("em-01-compliant", "em-06-open-2026", "nat-07-overdue-97-days", "malformed-11-not-json")


def _shorten_deadline(national: Path) -> None:
    """The change under review: 办案期限 90 → 60 days, and the deadline rule's points 5 → 6."""
    profile = national / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    block = "  case_deadline_days:\n    title: 普通程序办案期限（日，自立案之日起）\n    value: 90\n"
    assert text.count(block) == 1
    profile.write_text(text.replace(block, block.replace("value: 90", "value: 60")), encoding="utf-8")
    rules = national / "deadlines.rules.yaml"
    changed, count = re.subn(
        r"(id: decision-within-deadline\n(?:.*\n)*?    points: )5\n", r"\g<1>6\n", rules.read_text(encoding="utf-8"), 1
    )
    assert count == 1
    rules.write_text(changed, encoding="utf-8")


@pytest.fixture
def change(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two versions of the national profile in tmp dirs, and a corpus of example case files."""
    old, new, corpus = tmp_path / "old" / "national", tmp_path / "new" / "national", tmp_path / "corpus"
    shutil.copytree(resources.rules_dir() / "national", old)
    shutil.copytree(resources.rules_dir() / "national", new)
    _shorten_deadline(new)
    corpus.mkdir()
    for name in CORPUS:
        shutil.copy(EXAMPLES / f"{name}.json", corpus)
    return old, new, corpus


def _diff(runner, old: Path | str, new: Path | str, corpus: Path, *args: str):
    return runner.invoke(main, ["rules", "diff", str(old), str(new), "--corpus", str(corpus), *AS_OF, *args])


def _check(runner, rulebook: Path, case_file: Path) -> dict:
    """What `pingcha check` says of one case file with one rulebook version."""
    args = ["check", str(case_file), "--rulebook", str(rulebook), "--format", "json", *AS_OF]
    return json.loads(runner.invoke(main, args).output)["score"]


def _score(score: dict) -> str:
    verdict = "不合格卷" if score["vetoed"] else score["grade"]
    shown = f"{score['score']:g}" if score["low"] == score["score"] else f"{score['low']:g}—{score['score']:g}"
    return f"{shown} {verdict}" + ("" if score["grade_status"] == "确定" else f"（{score['grade_status']}）")


def _deducted(score: dict) -> str:
    """Deductions in the profile's order of categories (the JSON of `check` sorts its keys)."""
    order = list(load_rulebook("national").scoring["categories"])
    return "，".join(f"{category} {score['deductions'][category]:g}" for category in order)


def test_parameter_and_points_change_exact_text(runner, change: tuple[Path, Path, Path]) -> None:
    old, new, corpus = change
    result = _diff(runner, old, new, corpus)
    assert result.exit_code == 0
    # the scores are what `pingcha check` gives with each version (they move as the national rules grow)
    em06 = [_check(runner, book, corpus / "em-06-open-2026.json") for book in (old, new)]
    nat07 = [_check(runner, book, corpus / "nat-07-overdue-97-days.json") for book in (old, new)]
    assert em06[1]["score"] == em06[0]["score"] - 1 and nat07[1]["vetoed"]
    lines = result.output.splitlines()
    assert re.fullmatch(rf"旧规则集 {old}（national \S+，[0-9a-f]{{12}}）", lines[0])
    assert re.fullmatch(rf"新规则集 {new}（national \S+，[0-9a-f]{{12}}）", lines[1])
    assert lines[2:] == [
        f"语料 {corpus}：3 份案卷，1 份无法读取  评查基准日 2026-11-21",
        "",
        "规则集变化：",
        "  修改规则 decision-within-deadline：points：5 → 6",
        "  修改参数 case_deadline_days：90 → 60",
        "",
        f"{corpus}/em-06-open-2026.json  开应急罚〔2026〕4号",
        f"  得分 {_score(em06[0])} → {_score(em06[1])}",
        f"  扣分 {_deducted(em06[0])} → {_deducted(em06[1])}",
        "  ~ 超过办案期限作出处罚决定  <decision-within-deadline>",
        "      points: - 5",
        "              + 6",
        "      message: - 立案至作出决定用时 283 日，超过法定期限 90 日",
        "               + 立案至作出决定用时 283 日，超过法定期限 60 日",
        "",
        f"{corpus}/nat-07-overdue-97-days.json  某市监罚〔2026〕2号",
        f"  得分 {_score(nat07[0])}（不变）",
        f"  扣分 {_deducted(nat07[0])} → {_deducted(nat07[1])}",
        "  ~ 超过办案期限作出处罚决定  <decision-within-deadline>",
        "      points: - 5",
        "              + 6",
        "      message: - 立案至作出决定用时 97 日，超过法定期限 90 日",
        "               + 立案至作出决定用时 97 日，超过法定期限 60 日",
        "",
        "2/3 份案卷结果有变化：问题新增 0、消除 0、变化 2；得分变化 1 份，等次变化 0 份",
    ]


def test_json_and_markdown(runner, change: tuple[Path, Path, Path]) -> None:
    old, new, corpus = change
    first = _diff(runner, old, new, corpus, "--format", "json")
    assert first.output == _diff(runner, old, new, corpus, "--format", "json").output  # deterministic
    document = json.loads(first.output)
    assert document["summary"] == {
        "files": 4,
        "scored": 3,
        "rejected": 1,
        "changed_files": 2,
        "findings_added": 0,
        "findings_removed": 0,
        "findings_changed": 2,
        "score_changes": 1,
        "grade_changes": 0,
    }
    assert document["rejected"] == [f"{corpus}/malformed-11-not-json.json"]
    assert document["rulebook_changes"]["parameters"]["changed"] == [
        {"name": "case_deadline_days", "old": "90", "new": "60"}
    ]
    em06 = document["files"][0]
    assert em06["source"] == f"{corpus}/em-06-open-2026.json"
    assert em06["score"]["new"]["score"] == em06["score"]["old"]["score"] - 1
    assert em06["findings"]["changed"][0]["fields"][0] == {"field": "points", "old": 5, "new": 6}

    markdown = _diff(runner, old, new, corpus, "--format", "markdown").output
    assert markdown.startswith("### 规则集变更对评查结果的影响\n")
    assert "**2/3 份案卷结果有变化：问题新增 0、消除 0、变化 2；得分变化 1 份，等次变化 0 份**" in markdown
    assert "- 修改参数 case_deadline_days：90 → 60\n" in markdown
    assert re.search(
        rf"^\| `{corpus}/em-06-open-2026.json` 开应急罚〔2026〕4号 \| .+ → .+ \| 0 \| 0 \| 1 \|$",
        markdown,
        re.MULTILINE,
    )
    assert markdown.count("<details>") == 2


def test_findings_added_and_removed(runner, tmp_path: Path) -> None:
    """A rule dropped, a rule added, a cap lowered: each shows as its kind of change."""
    old = write_profile(
        tmp_path / "old",
        {
            "mini.rules.yaml": "rules:\n"
            + rule("fine-under-cap", "decision.fine <= param.fine_cap")
            + rule("always-fires", "not exists(case.id)", message="示例问题", title="旧规则")
        },
    )
    new = write_profile(
        tmp_path / "new",
        {
            "mini.rules.yaml": "rules:\n"
            + rule("fine-under-cap", "decision.fine <= param.fine_cap")
            + rule(
                "fine-stated", "decision.fine < 10000", message="罚款 {decision.fine} 元，不少于 1 万元", title="新规则"
            )
        },
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(resources.rules_dir() / "testcases" / "penalty-emergency-2025.json", corpus / "case.json")
    result = _diff(runner, old, new, corpus, "--exit-code")
    assert result.exit_code == 1
    assert result.output.splitlines()[3:] == [
        "",
        "规则集变化：",
        "  新增规则 fine-stated",
        "  删除规则 always-fires",
        "",
        f"{corpus}/case.json  开应急罚〔2025〕7号",
        "  得分 99 合格（不变）",
        "  + [一般] 新规则  扣 1 分  <fine-stated>：罚款 20000 元，不少于 1 万元",
        "  - [一般] 旧规则  扣 1 分  <always-fires>：示例问题",
        "",
        "1/1 份案卷结果有变化：问题新增 1、消除 1、变化 0；得分变化 0 份，等次变化 0 份",
    ]


def test_no_change_over_the_examples(runner) -> None:
    result = _diff(runner, "national", "national", EXAMPLES, "--exit-code")
    assert result.exit_code == 0
    assert "规则集内容没有变化。" in result.output
    assert re.fullmatch(
        r"0/\d+ 份案卷结果有变化：问题新增 0、消除 0、变化 0；得分变化 0 份，等次变化 0 份",
        result.output.splitlines()[-1],
    )


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_two_git_revisions_of_a_profile(tmp_path: Path, change: tuple[Path, Path, Path]) -> None:
    """`HEAD~1:rules/national` is written out with git archive, with the folder it sits in."""
    old, new, corpus = change
    repo = tmp_path / "repo"
    shutil.copytree(old, repo / "rules" / "national")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "old")
    shutil.rmtree(repo / "rules" / "national")
    shutil.copytree(new, repo / "rules" / "national")
    _git(repo, "commit", "-q", "-am", "new")
    as_of = dt.date(2026, 11, 21)
    by_revision = json.loads(
        render_json(diff_rulebooks("HEAD~1:rules/national", "HEAD:rules/national", corpus, as_of, repo=repo))
    )
    by_folder = json.loads(render_json(diff_rulebooks(str(old), str(new), corpus, as_of)))
    assert (by_revision["old"]["label"], by_revision["new"]["label"]) == (
        "HEAD~1:rules/national",
        "HEAD:rules/national",
    )
    for document in (by_revision, by_folder):
        del document["old"]["label"], document["new"]["label"]
    assert by_revision == by_folder
    assert not list(Path(tmp_path).glob("pingcha-diff-*"))


def test_a_bad_revision_is_reported(runner, change: tuple[Path, Path, Path]) -> None:
    _, new, corpus = change
    result = _diff(runner, "no-such-revision:rules/national", new, corpus)
    assert result.exit_code == 2
    assert result.output.startswith("no-such-revision:rules/national: git: ")
