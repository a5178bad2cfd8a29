"""`pingcha sample` at its edges: `--check` of a population smaller than the minimum (every file drawn is
still short of the quota), and a ratio of 0 with a minimum (the minimum alone sets the quota)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import sampling
from engine.cli import main


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """Ten 行政处罚 files, five of 甲局 (odd numbers) and five of 乙局."""
    path = tmp_path / "index.csv"
    rows = ["case_id,agency,case_type,domain,decision_date"]
    rows += [f"甲罚〔2025〕{n}号,{'甲局' if n % 2 else '乙局'},行政处罚,应急管理,2025-03-0{n}" for n in range(1, 10)]
    rows += ["甲罚〔2025〕10号,乙局,行政处罚,应急管理,2025-03-10"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _sample(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["sample", *args])
    return result.exit_code, result.output


def _hand(tmp_path: Path, numbers: range) -> str:
    path = tmp_path / "hand.txt"
    path.write_text("".join(f"甲罚〔2025〕{n}号\n" for n in numbers), encoding="utf-8")
    return str(path)


def test_check_of_a_population_below_the_minimum_does_not_meet_the_quota(index: Path, tmp_path: Path) -> None:
    code, output = _sample(str(index), "--ratio", "30%", "--min", "40", "--check", _hand(tmp_path, range(1, 11)))
    assert code == 1
    assert output.splitlines()[-4:] == [
        "合计        10      10      10  ✓",
        "注意：总体只有 10 件，少于抽查数量下限 40 件：无论怎样抽样都达不到下限",
        "",
        "结论：样本不满足配额",
    ]


def test_check_of_a_population_exactly_at_the_minimum_can_meet_it(index: Path, tmp_path: Path) -> None:
    code, output = _sample(str(index), "--ratio", "30%", "--min", "10", "--check", _hand(tmp_path, range(1, 11)))
    assert (code, output.splitlines()[-1]) == (0, "结论：样本满足配额")
    assert "注意" not in output


@pytest.mark.parametrize(
    ("drawn", "code", "total", "verdict"),
    [
        pytest.param(range(1, 5), 1, "合计        10       5       4  ✗ 差 1 件", "结论：样本不满足配额", id="4 of 5"),
        pytest.param(range(1, 6), 0, "合计        10       5       5  ✓", "结论：样本满足配额", id="5 of 5"),
    ],
)
def test_check_with_ratio_0_needs_the_minimum(
    index: Path, tmp_path: Path, drawn: range, code: int, total: str, verdict: str
) -> None:
    result = _sample(str(index), "--ratio", "0", "--min", "5", "--check", _hand(tmp_path, drawn))
    assert result[0] == code
    lines = result[1].splitlines()
    assert lines[0] == "按比例 0%、下限 5 件核对样本（比例 0（命令行）；下限 5 件（命令行））"
    assert (lines[-3], lines[-1]) == (total, verdict)


def test_a_draw_with_ratio_0_takes_the_minimum_spread_over_the_strata(index: Path) -> None:
    code, output = _sample(str(index), "--ratio", "0", "--min", "5", "--seed", "1")
    assert code == 0
    assert output.splitlines()[-5:] == [
        "乙局         5       3",
        "甲局         5       2",
        "合计        10       5",
        "",
        "样本 5 件，满足配额（应抽不少于 5 件）",
    ]


def test_a_draw_with_ratio_0_from_a_population_below_the_minimum_does_not_meet_it(index: Path) -> None:
    code, output = _sample(str(index), "--ratio", "0", "--min", "40", "--seed", "1")
    assert code == 1
    assert output.splitlines()[-2:] == [
        "样本 10 件，不满足配额（应抽不少于 40 件）",
        "注意：总体只有 10 件，少于抽查数量下限 40 件：已全部入样，仍达不到下限（差 30 件）",
    ]


def test_an_index_is_stratified_by_its_level_column(tmp_path: Path) -> None:
    path = tmp_path / "index.csv"
    rows = ["case_id,agency,case_type,domain,level,decision_date"]
    rows += [f"甲罚〔2025〕{n}号,甲局,行政处罚,应急管理,县级,2025-03-0{n}" for n in range(1, 5)]
    rows += [f"乙罚〔2025〕{n}号,乙局,行政处罚,应急管理,设区的市级,2025-03-0{n}" for n in (5, 6)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, output = _sample(str(path), "--by", "level", "--ratio", "50%", "--seed", "1")
    assert code == 0
    assert output.splitlines()[1] == "分层抽样（按机关层级），种子 1；比例 50%，下限 0 件"
    assert output.splitlines()[-5:] == [
        "县级               4       2",
        "设区的市级         2       1",
        "合计               6       3",
        "",
        "样本 3 件，满足配额（应抽不少于 3 件）",
    ]


def test_the_strata_table_lines_up_names_with_ascii_and_chinese(tmp_path: Path) -> None:
    path = tmp_path / "index.csv"
    rows = ["case_id,agency,case_type,domain,level,decision_date"]
    rows += [f"甲罚〔2025〕{n}号,甲局,行政处罚,应急管理,县级,2025-03-0{n}" for n in range(1, 5)]
    rows += [f"乙罚〔2025〕{n}号,乙局,行政处罚,应急管理,设区的市级,2025-03-0{n}" for n in (5, 6)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _sample(str(path), "--by", "agency,level", "--ratio", "50%", "--seed", "1")[1]
    # a Chinese character takes two columns, a space or "/" one: the counts line up in WPS and a terminal
    assert output.splitlines()[4:8] == [
        "层                     总体    样本",
        "乙局 / 设区的市级         2       1",
        "甲局 / 县级               4       2",
        "合计                      6       3",
    ]


def test_a_replay_names_a_changed_population_once(index: Path, tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    assert _sample(str(index), "--ratio", "30%", "--seed", "1", "--date", "2026-11-30", "--record", str(record))[0] == 0
    before = sampling.load_population([str(index)]).content_hash()[:12]
    edited = index.read_text(encoding="utf-8").replace(
        "乙局,行政处罚,应急管理,2025-03-10", "乙局,行政处罚,应急管理,2025-03-11"
    )
    index.write_text(edited, encoding="utf-8")  # one date edited: the same files, another content
    after = sampling.load_population([str(index)]).content_hash()[:12]
    code, output = _sample("--replay", str(record))
    assert code == 1 and before != after
    # said once, as the population's; not again as a difference of the record's field
    assert [line for line in output.splitlines() if "不一致" in line or "content_hash" in line] == [
        f"不一致：总体与记录不一致：记录 10 件、内容哈希 {before}，现在 10 件、内容哈希 {after}"
    ]


def test_each_kind_has_its_own_ratio() -> None:
    quota = sampling.Quota(Fraction(3, 10), 10, "", (("检查方案", Fraction(1, 5)), ("案卷", Fraction(3, 10))))
    assert [quota.required(7, "检查方案"), quota.required(7, "案卷"), quota.required(7)] == [2, 3, 3]
    assert [quota.required(10, "检查方案"), quota.required(11, "检查方案")] == [2, 3]  # ceil(20% × 11)
