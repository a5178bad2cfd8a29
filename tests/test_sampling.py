"""`pingcha sample`: quotas, stratified reproducible draw, the sampling record, --replay, --check."""

from __future__ import annotations

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_batch import COUNT, corpus, make_corpus

from engine import __version__, sampling
from engine.cli import main


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def _draw(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["sample", *args])
    return result.exit_code, result.output


def test_exact_ratios() -> None:
    assert sampling.parse_ratio("30%") == Fraction(3, 10)
    quota = sampling.Quota(sampling.parse_ratio("30%"), 0, "")
    assert [quota.required(n) for n in (1, 3, 10, 11, 100)] == [1, 1, 3, 4, 30]  # never 4 for 10 (0.3 × 10)
    with pytest.raises(sampling.SamplingError):
        sampling.parse_ratio("130%")


def test_allocation_gives_each_stratum_its_ratio_then_tops_up_to_the_minimum() -> None:
    quota = sampling.Quota(Fraction(3, 10), 40, "")
    sizes = {"甲": 60, "乙": 25, "丙": 3, "丁": 1}
    allocation, notes = sampling.allocate(sizes, quota)
    assert all(allocation[name] >= quota.required(size) for name, size in sizes.items())
    assert sum(allocation.values()) == 40 and notes == []
    assert allocation == {"甲": 27, "乙": 11, "丙": 1, "丁": 1}  # the top-up follows the proportional share


def test_record_and_replay(corpus_dir: Path, tmp_path: Path) -> None:
    record_path, list_path = tmp_path / "record.json", tmp_path / "sample.txt"
    args = [str(corpus_dir), "--seed", "7", "--rulebook", "emergency", "--level", "province", "--date", "2026-11-21"]
    code, output = _draw([*args, "--record", str(record_path), "--list", str(list_path)])
    assert code == 0, output
    record = json.loads(record_path.read_text(encoding="utf-8"))
    population = sampling.load_population([str(corpus_dir)])
    manifest = corpus.describe(COUNT, 2026, 0.05)
    unreadable = [e for e in manifest if e.malformed in ("truncated", "empty")]
    assert record["population"]["size"] == COUNT - len(unreadable) == len(population.units)
    assert sorted(Path(x["file"]).name for x in record["population"]["excluded"]) == sorted(e.name for e in unreadable)
    assert record["population"]["content_hash"] == population.content_hash()
    assert record["seed"] == 7 and record["drawn_on"] == "2026-11-21"
    assert record["tool"] == {"name": "pingcha", "version": __version__}
    assert record["quota"]["ratio_text"] == "30%" and record["quota"]["minimum"] == 40
    assert "sampling_case_ratio" in record["quota"]["source"] and "sampling_min_province" in record["quota"]["source"]
    assert [r["name"] for r in record["rulebooks"]] == ["emergency"]
    for stratum in record["strata"]:
        assert stratum["sample"] == -(-stratum["population"] * 3 // 10)  # ceil(30%) in every stratum
        drawn = [s for s in record["sample"] if s["stratum"] == stratum["stratum"]]
        assert len(drawn) == stratum["sample"]
    assert record["sample_size"] == len(record["sample"]) == sum(s["sample"] for s in record["strata"])
    assert list_path.read_text(encoding="utf-8").splitlines() == [s["source"] for s in record["sample"]]

    # Replayed from the record alone: identical sample, exit 0.
    result = CliRunner().invoke(main, ["sample", "--replay", str(record_path)])
    assert result.exit_code == 0, result.output
    assert f"复现一致：重抽的 {record['sample_size']} 件与记录 {record_path} 完全相同" in result.output
    again = tmp_path / "again.json"
    CliRunner().invoke(main, ["sample", "--replay", str(record_path), "--record", str(again)])
    assert again.read_bytes() == record_path.read_bytes()

    # Same draw from a copy elsewhere, listed in another order: keys, hash and sample are the same.
    moved = tmp_path / "elsewhere"
    shutil.copytree(corpus_dir, moved)
    result = CliRunner().invoke(main, ["sample", "--replay", str(record_path), str(moved)])
    assert result.exit_code == 0, result.output

    # A changed population is said so plainly, and the replay fails.
    victim = Path(record["sample"][0]["source"]).name
    (moved / victim).unlink()
    result = CliRunner().invoke(main, ["sample", "--replay", str(record_path), str(moved)])
    assert result.exit_code == 1
    assert f"不一致：总体与记录不一致：记录 {record['population']['size']} 件" in result.output
    assert "样本与记录不一致" in result.output


def test_another_seed_draws_another_sample(corpus_dir: Path) -> None:
    population = sampling.load_population([str(corpus_dir)])
    quota = sampling.Quota(Fraction(3, 10), 40, "")
    first, _ = sampling.draw(population, ("agency",), 1, quota)
    second, _ = sampling.draw(population, ("agency",), 2, quota)
    assert len(first) == len(second) and first != second
    assert sampling.draw(population, ("agency",), 1, quota)[0] == first


def test_population_too_small_for_the_minimum_is_said_plainly(corpus_dir: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    readable = [e.name for e in corpus.describe(COUNT, 2026, 0.05) if not e.malformed][:25]
    for name in readable:
        shutil.copy(corpus_dir / name, small / name)
    code, output = _draw([str(small), "--seed", "1", "--ratio", "30%", "--min", "40"])
    assert code == 1
    assert "总体只有 25 件，少于抽查数量下限 40 件：已全部入样，仍达不到下限（差 15 件）" in output
    assert "样本 25 件，不满足配额" in output


def test_city_minimum_from_the_profile(corpus_dir: Path) -> None:
    code, output = _draw(
        [
            str(corpus_dir),
            "--seed",
            "1",
            "--rulebook",
            "emergency",
            "--level",
            "city",
            "--ratio",
            "1%",
            "--format",
            "json",
        ]
    )
    record = json.loads(output)
    assert code == 0
    assert record["quota"]["minimum"] == 30 and record["sample_size"] == 30
    assert record["quota"]["source"].startswith("比例 1%（命令行）；规则集 emergency")


def test_profile_without_quota_parameters_is_an_error(corpus_dir: Path) -> None:
    code, output = _draw([str(corpus_dir), "--seed", "1", "--rulebook", "national"])
    assert code == 2
    assert "规则集 national 2026.11.0 没有参数 sampling_case_ratio：用 --ratio 给出抽查比例" in output
    code, output = _draw([str(corpus_dir), "--seed", "1"])
    assert code == 2 and output.startswith("总体涉及多个规则集（ecology、emergency、")  # one per domain of the corpus
    assert output.rstrip().endswith("无法确定抽查比例：用 --rulebook 指定规则集，或用 --ratio/--min 给出")


def test_check_a_hand_drawn_sample(corpus_dir: Path, tmp_path: Path) -> None:
    population = sampling.load_population([str(corpus_dir)])
    by_agency: dict[str, list[sampling.Unit]] = {}
    for unit in population.units:
        by_agency.setdefault(unit.agency, []).append(unit)
    enough = [u.case_id for units in by_agency.values() for u in units[: -(-len(units) * 3 // 10)]]
    hand = tmp_path / "hand.txt"
    hand.write_text("\n".join(enough) + "\n", encoding="utf-8")
    code, output = _draw([str(corpus_dir), "--ratio", "30%", "--min", "40", "--check", str(hand)])
    assert code == 0, output
    assert output.rstrip().endswith("结论：样本满足配额")

    short = [*enough[1:], "不存在〔2025〕1号"]
    hand.write_text("\n".join(short) + "\n", encoding="utf-8")
    code, output = _draw([str(corpus_dir), "--ratio", "30%", "--min", "40", "--check", str(hand)])
    assert code == 1
    first_agency = population.units[0].agency
    assert any(line.startswith(first_agency) and line.endswith("✗ 差 1 件") for line in output.splitlines())
    assert "样本中 1 项在总体中找不到：不存在〔2025〕1号" in output
    assert output.rstrip().endswith("结论：样本不满足配额")


def test_index_csv_population(tmp_path: Path) -> None:
    index = tmp_path / "index.csv"
    rows = ["case_id,agency,case_type,domain,decision_date"]
    rows += [
        f"赣应急罚〔2025〕{n}号,{'甲局' if n % 3 else '乙局'},行政处罚,应急管理,2025-03-0{n % 9 + 1}"
        for n in range(1, 51)
    ]
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, output = _draw(
        [str(index), "--seed", "3", "--rulebook", "emergency", "--level", "province", "--format", "json"]
    )
    record = json.loads(output)
    assert code == 0
    assert record["population"]["size"] == 50
    assert {s["stratum"]: s["population"] for s in record["strata"]} == {"乙局": 16, "甲局": 34}
    assert record["sample_size"] == 40  # 30% is 16, the province minimum is 40


def test_jsonl_population_sample_list_feeds_batch(tmp_path: Path) -> None:
    corpus.write(tmp_path, 60, 11, 0.05, jsonl=True)
    jsonl, listing = tmp_path / "corpus.jsonl", tmp_path / "sample.txt"
    args = ["sample", str(jsonl), "--seed", "5", "--ratio", "30%", "--list", str(listing), "--format", "json"]
    drawn = CliRunner().invoke(main, args)
    record = json.loads(drawn.stdout)
    assert drawn.exit_code == 0
    assert all(re.fullmatch(r"corpus\.jsonl:\d+", s["key"]) for s in record["sample"])
    entries = listing.read_text(encoding="utf-8").splitlines()
    assert entries == [f"{jsonl}:{s['key'].split(':')[1]}" for s in record["sample"]]
    result = CliRunner().invoke(main, ["batch", "--files-from", str(listing), "--as-of", "2026-11-21", "-q"])
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["file"], r["line"]) for r in lines] == [(str(jsonl), int(e.rsplit(":", 1)[1])) for e in entries]
    assert all(r["status"] == "ok" or r["error"] == "casefile" for r in lines)


def test_jsonl_index_population(tmp_path: Path) -> None:
    index = tmp_path / "index.jsonl"
    rows = [{"case_id": f"案{n}", "agency": "甲局" if n < 8 else "乙局", "domain": "应急管理"} for n in range(10)]
    index.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    population = sampling.load_population([str(index)])
    assert [u.key for u in population.units] == sorted(f"案{n}" for n in range(10))
    sample, table = sampling.draw(population, ("agency",), 1, sampling.Quota(Fraction(3, 10), 0, ""))
    assert {s["stratum"]: s["sample"] for s in table["strata"]} == {"乙局": 1, "甲局": 3}
    assert len(sample) == 4


# --- replay compares the whole record (issue 13, items 13 and 14) ----------------------------------


@pytest.fixture
def examples_record(tmp_path: Path) -> Path:
    """A record of the example case files (30 files; 30%, at least 5), drawn from a copy in tmp_path."""
    shutil.copytree(EXAMPLES, tmp_path / "cases")
    record_path = tmp_path / "record.json"
    args = [str(tmp_path / "cases"), "--of", "cases", "--seed", "7", "--ratio", "30%", "--min", "5"]
    code, output = _draw([*args, "--date", "2026-11-21", "--record", str(record_path)])
    assert code == 0, output
    return record_path


def _replay_edited(record_path: Path, edit) -> tuple[int, list[str]]:
    record = json.loads(record_path.read_text(encoding="utf-8"))
    edit(record)
    record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["sample", "--replay", str(record_path)])
    assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, [line for line in result.output.splitlines() if line.startswith(("不一致", "复现一致"))]


@pytest.mark.parametrize(
    ("edit", "difference"),
    [
        (
            lambda r: r["sample"][0].update(case_id="某某罚〔2025〕1号"),
            '样本 sample[em-04-exemption-unproven.json].case_id：记录为 "某某罚〔2025〕1号"，重抽为 "威环应急不罚〔2025〕3号"',
        ),
        (
            lambda r: r["strata"][0].update(population=99),
            "各层 strata[威海市环翠区应急管理局].population：记录为 99，重抽为 1",
        ),
        (lambda r: r.update(sample_size=14), "样本量 sample_size：记录为 14，重抽为 15"),
        (lambda r: r["quota"].update(met=False), "配额 quota.met：记录为 false，重抽为 true"),
        (
            lambda r: r["quota"].update(minimum=3),
            "配额 quota.minimum：记录为 3，而记录的配额来源是 5 件（比例 30%（命令行）；下限 5 件（命令行））",
        ),
        (
            lambda r: r["rulebooks"][0].update(version="2020.1"),
            '规则集 rulebooks[0].version：记录为 "2020.1"，重抽为 "',
        ),
        (lambda r: r["tool"].update(version="0.0.1"), f'工具 tool.version：记录为 "0.0.1"，重抽为 "{__version__}"'),
    ],
    ids=["case-id", "stratum-size", "sample-size", "quota-met", "minimum", "rulebook-version", "tool-version"],
)
def test_replay_names_each_edit_of_the_record(examples_record: Path, edit, difference: str) -> None:
    code, lines = _replay_edited(examples_record, edit)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"不一致：{difference}"), lines


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: r.update(seed="七"), '抽样记录的 seed 应为整数，实际为 "七"'),
        (
            lambda r: r.update(drawn_on="2026-13-01"),
            '抽样记录的 drawn_on 应为形如 2026-11-21 的日期，实际为 "2026-13-01"',
        ),
        (
            lambda r: r["quota"].update(ratio="1/0"),
            '抽样记录的 quota.ratio 应为介于 0 与 1 之间的分数（如 3/10），实际为 "1/0"',
        ),
        (
            lambda r: r["quota"].update(ratio="3/2"),
            '抽样记录的 quota.ratio 应为介于 0 与 1 之间的分数（如 3/10），实际为 "3/2"',
        ),
        (
            lambda r: r.pop("method"),
            "抽样记录的 method.by 应为分层字段列表（agency, case_type, domain, level, kind），实际为 （缺少）",
        ),
    ],
    ids=["seed", "date", "ratio-by-zero", "ratio-above-one", "no-method"],
)
def test_replay_of_a_record_with_a_bad_value_names_the_field(examples_record: Path, edit, message: str) -> None:
    record = json.loads(examples_record.read_text(encoding="utf-8"))
    edit(record)
    examples_record.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["sample", "--replay", str(examples_record)])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.output == f"{examples_record}: {message}\n"


def test_replay_from_another_folder_finds_the_population_beside_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "review" / "out").mkdir(parents=True)
    shutil.copytree(EXAMPLES, tmp_path / "review" / "cases")
    monkeypatch.chdir(tmp_path / "review")  # the folder is given as the user types it: relative
    args = ["cases", "--of", "cases", "--seed", "7", "--ratio", "30%", "--date", "2026-11-21"]
    code, output = _draw([*args, "--record", "out/record.json"])
    assert code == 0, output
    record = json.loads((tmp_path / "review" / "out" / "record.json").read_text(encoding="utf-8"))
    assert record["population"]["inputs"] == ["../cases"]  # where the population lies, seen from the record

    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    code, output = _draw(["--replay", "../review/out/record.json"])
    assert code == 0, output
    assert "复现一致：重抽的 15 件与记录 ../review/out/record.json 完全相同" in output

    shutil.move(tmp_path / "review" / "out" / "record.json", tmp_path / "record.json")
    code, output = _draw(["--replay", "../record.json"])
    assert code == 2
    assert output == (
        "../record.json: 找不到抽样记录中的总体 `../cases`（按记录所在的目录应为 ../../cases）："
        "请在命令行给出总体所在的目录或文件，如 pingcha sample --replay 记录.json 案卷目录/\n"
    )
