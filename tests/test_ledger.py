"""pingcha ledger against SQLite and a real PostgreSQL server: idempotent add, an item's history, the
refusals, overdue, monthly figures, the XLSX export, 回头看 (反弹), an interrupted add, and two
writers on one item at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import ledger_db
import openpyxl
import pytest
from conftest import EXAMPLES, ROOT

import engine.ledger
from engine.cli import main
from engine.ledger import LedgerError, items
from engine.ledger.changes import Change, apply
from engine.ledger.db import open_ledger

CLOCK = "2026-12-01T09:00:00Z"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples scored on 2026-11-21 (less the 行政许可 ones, added later: the items' numbers stay as
    written here), and the 回头看's two later cases on 2027-03-01."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("results")
    runner = CliRunner()
    examples = [str(p) for p in sorted(EXAMPLES.glob("*.json")) if not p.name.startswith("lic-")]
    for name, sources, as_of in [
        ("first", examples, "2026-11-21"),
        ("later", [str(ROOT / "casefiles" / "recheck")], "2027-03-01"),
    ]:
        done = runner.invoke(main, ["batch", *sources, "--as-of", as_of, "-o", str(folder / f"{name}.jsonl"), "-q"])
        assert done.exit_code in (0, 1), done.output
    return {"first": folder / "first.jsonl", "later": folder / "later.jsonl"}


@pytest.fixture(scope="session")
def postgres() -> Iterator[ledger_db.Server | str]:
    yield from ledger_db.start()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty ledger of each kind; the record clock fixed."""
    monkeypatch.setattr(engine.ledger, "recorded_now", lambda: CLOCK)
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    server = request.getfixturevalue("postgres")
    if isinstance(server, str):
        pytest.skip(f"PostgreSQL 台账测试跳过：{server}")
    return server.new_database()


def run(runner, db: str, *args: str, code: int = 0) -> str:
    done = runner.invoke(main, ["ledger", *args, "--db", db])
    assert done.exit_code == code, done.output
    return done.output


def dump(db: str) -> list[list[tuple]]:
    ledger = open_ledger(db, create=False)
    try:
        with ledger.reading() as session:
            return [
                session.rows(f"SELECT * FROM {table} ORDER BY 1, 2")
                for table in ("ledger_review", "ledger_item", "ledger_event")
            ]
    finally:
        ledger.close()


ADDED = """\
评查“2026年度评查”（2026-11-21）：新录入 53 项，已在台账中 0 项（未改动）
  威海市环翠区应急管理局  3 项
  开原市公安局  3 项
  开原市应急管理局  18 项
  某区应急管理局  3 项
  某市交通运输局  10 项
  沈阳市和平区市场监督管理局  7 项
  铁岭市清河区应急管理局  6 项
  铁岭市生态环境局  2 项
  铁岭市银州区应急管理局  1 项
编号 1–53，状态“待整改”；用 pingcha ledger list 查看
"""


def test_add_is_idempotent(runner, db, results):
    assert run(runner, db, "add", str(results["first"]), "--review", "2026年度评查", "--by", "李明") == ADDED
    before = dump(db)
    again = run(runner, db, "add", str(results["first"]), "--review", "2026年度评查", "--by", "张华")
    assert again == "评查“2026年度评查”（2026-11-21）：新录入 0 项，已在台账中 53 项（未改动）\n"
    assert dump(db) == before
    reviews, rows, events = before
    assert reviews == [("2026年度评查", "2026-11-21", str(results["first"]), CLOCK, "李明")]
    assert rows[9][:8] == (
        10, "2026年度评查", "开原市应急管理局", "开应急罚〔2025〕15号", "decision-served-in-time", "案卷", "时限", "major",
    )  # fmt: skip
    cross = [row for row in rows if row[5] == "跨卷"]
    assert [(r[0], r[2], r[3], r[4]) for r in cross] == [
        (
            51,
            "开原市应急管理局",
            "开应急检〔2025〕8号、开应急检〔2025〕30号、开应急检〔2025〕52号",
            "inspection-over-cap",
        ),
        (
            52,
            "开原市应急管理局",
            "开应急罚〔2025〕12号、开应急罚〔2025〕21号、开应急罚〔2025〕33号、开应急罚〔2025〕7号、开应急罚〔2025〕15号",
            "double-fine",
        ),
        (53, "铁岭市银州区应急管理局", "银应急检〔2025〕17号、银应急检〔2025〕41号", "zero-filing"),
    ]
    assert len(events) == 53 and {e[2:4] for e in events} == {("录入", "待整改")}
    assert events[20][1:7] == (1, "录入", "待整改", "开原市应急管理局", None, "2027-01-20")  # a minor problem: 60 days


def test_an_items_history(runner, db, results, tmp_path):
    run(runner, db, "add", str(results["first"]), "--review", "2026年度评查", "--by", "李明")
    run(
        runner, db, "assign", "10", "--department", "法制科", "--leader", "王强", "--date", "2026-11-23", "--by", "李明"
    )
    run(
        runner,
        db,
        "update",
        "10",
        "--status",
        "整改中",
        "--note",
        "制定送达时限提醒",
        "--date",
        "2026-11-25",
        "--by",
        "王强",
    )
    proof = tmp_path / "整改报告.txt"
    proof.write_bytes("已建立送达台账".encode())
    listed = run(
        runner,
        db,
        "update",
        "10",
        "--status",
        "已整改",
        "--evidence",
        str(proof),
        "--date",
        "2026-12-10",
        "--by",
        "王强",
    )
    assert listed == (
        "编号  状态    整改时限    执法机关          案卷                  执法问题\n"
        "10    已整改  2026-12-21  开原市应急管理局  开应急罚〔2025〕15号  决定书未在七个工作日内送达\n"
        "共 1 项\n"
    )
    run(runner, db, "update", "10", "--status", "已销号", "--date", "2026-12-15", "--by", "李明")
    assert run(runner, db, "show", "10") == (
        "第 10 项  决定书未在七个工作日内送达\n"
        "评查：2026年度评查（2026-11-21），整改台账第 10 行；案卷问题，严重\n"
        "执法机关：开原市应急管理局  案卷：开应急罚〔2025〕15号\n"
        "问题：决定日期 2025-04-16，送达期限届满日 2025-04-25，实际送达日期 2025-04-29\n"
        "依据：《行政处罚法》（2021）第61条第1款；《行政处罚法》（2021）第85条（decision-served-in-time）\n"
        "整改措施：决定书当场交付当事人；当事人不在场的，七日内依照民事诉讼法的有关规定送达，送达回证随卷归档；建立送达登记，送达前核对期限。\n"
        "状态：已销号（2026-12-15 起）  整改时限：2026-12-21  责任部门：法制科  责任领导：王强\n"
        "变更记录（5 条）：\n"
        f"  1. 2026-11-21 录入：状态 待整改；责任部门 开原市应急管理局；整改时限 2026-12-21  —— 李明，记录于 {CLOCK}\n"
        f"  2. 2026-11-23 指派：责任部门 法制科；责任领导 王强  —— 李明，记录于 {CLOCK}\n"
        f"  3. 2026-11-25 更新：状态 整改中；说明：制定送达时限提醒  —— 王强，记录于 {CLOCK}\n"
        "  4. 2026-12-10 更新：状态 已整改；证明材料 整改报告.txt（21 字节，SHA-256 "
        f"a4bc38cc679c365223b8c7d80e334d7d3f51035aef91617f8b7e346cc1d9bba7）  —— 王强，记录于 {CLOCK}\n"
        f"  5. 2026-12-15 更新：状态 已销号  —— 李明，记录于 {CLOCK}\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["10", "--status", "已销号"],
            "第 10 项当前为“待整改”：已销号须在整改单位报“已整改”之后（先 pingcha ledger update 10 --status 已整改）",
        ),
        (["10", "--status", "待整改"], "'--status' 的取值无效：'待整改' 不是可用的值"),
        (
            ["10", "--status", "整改中", "--date", "2026-11-20"],
            "第 10 项：日期 2026-11-20 早于其最近一次记录的日期 2026-11-21（历史须按时间顺序记录）",
        ),
        (["10", "11", "--status", "已整改", "--date", "2026-12-01"], None),
        (["99", "--note", "x"], "台账中没有第 99 项"),
    ],
    ids=["close-before-rectified", "not-a-status", "backdated", "two-at-once", "no-such-item"],
)
def test_refused_changes_write_nothing(runner, db, results, args, message):
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    before = dump(db)
    done = runner.invoke(main, ["ledger", "update", *args, "--db", db, "--by", "王强"])
    if message is None:
        assert done.exit_code == 0, done.output
        assert len(dump(db)[2]) == len(before[2]) + 2
        again = runner.invoke(
            main, ["ledger", "update", "10", "--status", "已整改", "--db", db, "--date", "2026-12-02"]
        )
        assert again.exit_code == 2 and again.output == "第 10 项已是“已整改”\n未作任何更改\n"
        return
    assert done.exit_code == 2, done.output
    assert message in done.output
    assert dump(db) == before


def test_refusing_needs_a_reason(runner, db, results):
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    run(runner, db, "update", "7", "--status", "已整改", "--date", "2026-12-01", "--by", "王强")
    done = runner.invoke(main, ["ledger", "update", "7", "--status", "不予销号", "--db", db, "--date", "2026-12-02"])
    assert done.exit_code == 2 and done.output == "第 7 项：不予销号须用 --note 说明理由\n未作任何更改\n"
    run(
        runner,
        db,
        "update",
        "7",
        "--status",
        "不予销号",
        "--note",
        "听证告知书未补入卷",
        "--date",
        "2026-12-02",
        "--by",
        "李明",
    )
    overdue = run(
        runner, db, "list", "--overdue-on", "2026-12-22", "--agency", "开原市应急管理局", "--family", "评查标准"
    )
    assert overdue.splitlines()[1:3] == [
        "7     不予销号  2026-12-21  开原市应急管理局  开应急罚〔2025〕12号   符合听证条件未告知听证权利",
        "13    待整改    2026-12-21  开原市应急管理局  开应急强执〔2025〕2号  强制执行决定书载明事项不全",
    ]


def test_overdue_and_monthly(runner, db, results):
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    run(runner, db, "update", "1", "2", "3", "--status", "已整改", "--date", "2026-11-28", "--by", "王强")
    run(runner, db, "update", "1", "2", "--status", "已销号", "--date", "2026-11-30", "--by", "李明")
    run(
        runner,
        db,
        "assign",
        "53",
        "--deadline",
        "2027-01-31",
        "--leader",
        "赵敏",
        "--date",
        "2026-12-01",
        "--by",
        "李明",
    )
    assert run(runner, db, "overdue", "--as-of", "2026-12-21") == "截至 2026-12-21，没有逾期未整改的事项\n"
    text = run(runner, db, "overdue", "--as-of", "2027-01-21")
    assert (
        text.splitlines()[0] == "截至 2027-01-21，逾期未整改 49 项（整改时限已过，状态仍为待整改、整改中、不予销号）："
    )
    assert "铁岭市银州区应急管理局" not in text  # its one item's deadline moved to 2027-01-31
    assert text.splitlines()[1:3] == [
        "开原市公安局  3 项",
        "  4  逾期 31 日（时限 2026-12-21，待整改）  开公（治）行罚决字〔2022〕415号  符合听证条件未告知听证权利（2025年12月31日前作出的治安管理处罚决定）",
    ]
    assert run(runner, db, "monthly", "--month", "2026-11") == (
        "整改台账月报 2026年11月（2026-11-01 至 2026-11-30）\n"
        "执法机关                    本月新增  本月销号  本月反弹  月末未销号  其中逾期  其中已整改待销号\n"
        "威海市环翠区应急管理局      3         2         0         1           0         1\n"
        "开原市公安局                3         0         0         3           0         0\n"
        "开原市应急管理局            18        0         0         18          0         0\n"
        "某区应急管理局              3         0         0         3           0         0\n"
        "某市交通运输局              10        0         0         10          0         0\n"
        "沈阳市和平区市场监督管理局  7         0         0         7           0         0\n"
        "铁岭市清河区应急管理局      6         0         0         6           0         0\n"
        "铁岭市生态环境局            2         0         0         2           0         0\n"
        "铁岭市银州区应急管理局      1         0         0         1           0         0\n"
        "合计                        53        2         0         51          0         1\n"
        "本月新增问题 53 项，销号 2 项，反弹 0 项；截至 2026-11-30，未销号 51 项，其中逾期未整改 0 项、已整改待销号 1 项。\n"
    )
    december = run(runner, db, "monthly", "--month", "2026-12").splitlines()
    assert december[-2].split() == ["合计", "0", "0", "0", "51", "37", "1"]
    bad = runner.invoke(main, ["ledger", "monthly", "--month", "2026-13", "--db", db])
    assert bad.exit_code == 2 and bad.output == "--month 的取值 '2026-13' 无效：应写成 年-月，如 2026-11\n"


def test_export(runner, db, results, tmp_path):
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    run(runner, db, "assign", "10", "--leader", "王强", "--date", "2026-11-23", "--by", "李明")
    run(
        runner,
        db,
        "update",
        "10",
        "--status",
        "整改中",
        "--note",
        "制定送达时限提醒",
        "--date",
        "2026-11-25",
        "--by",
        "王强",
    )
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run(runner, db, "export", "--xlsx", str(first), "--as-of", "2026-12-31")
    run(runner, db, "export", "--xlsx", str(second), "--as-of", "2026-12-31")
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    sheet = book["整改台账"]
    assert sheet["A2"].value == "填报单位：          填报人：          电话：          填报时间：2026-12-31"
    assert [c.value for c in sheet[3]] == [
        "序号", "执法问题", "执法案例", "整改措施", "整改时限", "责任部门", "责任领导", "备注",
        "台账编号", "评查", "状态", "状态日期", "逾期天数", "整改情况", "变更记录",
    ]  # fmt: skip
    row = [c.value for c in sheet[13]]
    assert row[:14] == [
        10, "决定书未在七个工作日内送达", "开应急罚〔2025〕15号",
        "决定书当场交付当事人；当事人不在场的，七日内依照民事诉讼法的有关规定送达，送达回证随卷归档；建立送达登记，送达前核对期限。",
        "2026-12-21前",
        "开原市应急管理局", "王强",
        ("严重问题：决定日期 2025-04-16，送达期限届满日 2025-04-25，实际送达日期 2025-04-29；"
        "依据：《行政处罚法》（2021）第61条第1款；《行政处罚法》（2021）第85条"),
        10, "2026-11-21评查", "整改中", "2026-11-25", 10, "制定送达时限提醒",
    ]  # fmt: skip
    assert row[14].splitlines()[2] == f"2026-11-25 更新：状态 整改中；说明：制定送达时限提醒  —— 王强，记录于 {CLOCK}"
    history = book["变更记录"]
    assert history.max_row == 56
    assert [[c.value for c in row][:7] for row in history.iter_rows() if row[0].value == 10] == [
        [10, 1, "2026-11-21", "录入", "待整改", "开原市应急管理局", None],
        [10, 2, "2026-11-23", "指派", None, None, "王强"],
        [10, 3, "2026-11-25", "更新", "整改中", None, None],
    ]
    monthly = tmp_path / "m.xlsx"
    run(runner, db, "monthly", "--month", "2026-11", "--xlsx", str(monthly))
    sheet = openpyxl.load_workbook(monthly)["月报"]
    assert [c.value for c in sheet[sheet.max_row]] == ["合计", 53, 0, 0, 53, 0, 0]


RECHECKED = """\
回头看“2027年回头看”（2027-03-01）：对照台账中其他评查的 53 项
反弹 1 项，仍存在 4 项，建议销号 1 项，未反弹 0 项，无法判定 47 项；本次写入变更记录 6 条
反弹：
  10  开原市应急管理局  决定书未在七个工作日内送达（原案卷 开应急罚〔2025〕15号）
      复查再次发现：开应急罚〔2025〕64号：决定日期 2025-04-16，送达期限届满日 2025-04-25，实际送达日期 2025-04-29
仍存在：
  11  开原市应急管理局  超过办案期限作出处罚决定（原案卷 开应急罚〔2025〕15号）
      复查再次发现：开应急罚〔2025〕64号：立案至作出决定用时 36 日，超过法定期限 30 日
  17  开原市应急管理局  所称裁量阶次与违法情节不符（原案卷 开应急罚〔2025〕15号）
      复查再次发现：开应急罚〔2025〕64号：依违法情节应适用“未如实记录人数占比10%以上不足30%”（一般），决定称“从轻”
  21  开原市应急管理局  告知书或决定书未载明裁量基准的适用情况（原案卷 开应急罚〔2025〕12号）
      复查再次发现：开应急罚〔2025〕64号：告知书载明裁量基准：否；决定书载明裁量基准：是
  22  开原市应急管理局  告知书或决定书未载明裁量基准的适用情况（原案卷 开应急罚〔2025〕15号）
      复查再次发现：开应急罚〔2025〕64号：告知书载明裁量基准：否；决定书载明裁量基准：是
建议销号：
  7  开原市应急管理局  符合听证条件未告知听证权利（原案卷 开应急罚〔2025〕12号）
      复查该单位适用此项的 开应急罚〔2025〕61号、开应急罚〔2025〕64号，均无此问题
无法判定（不视为已整改，也不视为未整改）：
  复查未涉及该执法机关：34 项
  复查该执法机关的案卷均不适用此项或无法判定：10 项
  跨卷问题：复查结果中未再出现，但复查结果不是全部案卷，不足以认定已整改：3 项
"""


def test_recheck_finds_rebounds(runner, db, results):
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    run(runner, db, "update", "10", "--status", "已整改", "--date", "2026-12-01", "--by", "王强")
    run(runner, db, "update", "10", "--status", "已销号", "--date", "2026-12-05", "--by", "李明")
    assert run(runner, db, "recheck", str(results["later"]), "--review", "2027年回头看", "--by", "李明") == RECHECKED
    again = run(runner, db, "recheck", str(results["later"]), "--review", "2027年回头看", "--by", "李明")
    assert again == RECHECKED.replace("本次写入变更记录 6 条", "本次写入变更记录 0 条")
    shown = run(runner, db, "show", "10").splitlines()
    assert shown[6] == "状态：整改中（2027-03-01 起）  整改时限：2026-12-21  责任部门：开原市应急管理局  责任领导：—"
    assert shown[-1] == (
        "  4. 2027-03-01 反弹：状态 整改中；说明：反弹（2027年回头看）：复查再次发现：开应急罚〔2025〕64号："
        f"决定日期 2025-04-16，送达期限届满日 2025-04-25，实际送达日期 2025-04-29  —— 李明，记录于 {CLOCK}"
    )
    assert run(runner, db, "show", "7").splitlines()[6].startswith("状态：待整改（2026-11-21 起）")  # proposed only
    march = run(runner, db, "monthly", "--month", "2027-03").splitlines()
    assert march[-2].split() == ["合计", "0", "0", "1", "53", "53", "0"]
    assert run(runner, db, "list", "--status", "已销号") == "没有符合条件的事项\n"


def test_an_interrupted_add_leaves_the_ledger_as_it_was(runner, db, results, monkeypatch):
    run(runner, db, "add", str(results["later"]), "--review", "先录入的", "--by", "李明")
    before = dump(db)
    calls = []
    real = items.insert_event

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 30:
            raise KeyboardInterrupt
        real(*args, **kwargs)

    monkeypatch.setattr(items, "insert_event", interrupted)
    done = runner.invoke(main, ["ledger", "add", str(results["first"]), "--db", db, "--by", "李明"])
    assert (done.exit_code, done.output, len(calls)) == (1, "\n已中止。\n", 30)  # Ctrl-C, as click reports it
    assert dump(db) == before


def test_two_writers_on_one_item_lose_nothing(runner, db, results):
    """Two reviewers, each with a connection of their own, write notes to one item at the same time; then
    both try to 销号 it: every note is in its history once, in order, and only one 销号 is taken."""
    run(runner, db, "add", str(results["first"]), "--by", "李明")
    run(runner, db, "update", "10", "--status", "已整改", "--date", "2026-12-01", "--by", "王强")
    start = threading.Barrier(2, timeout=120)
    refused: list[str] = []
    failed: list[BaseException] = []

    def write(name: str) -> None:
        ledger = open_ledger(db, create=False)
        try:
            start.wait()
            for n in range(20):
                apply(ledger, [10], Change(_day(), note=f"{name}{n}"), name, CLOCK)
            start.wait()
            try:
                apply(ledger, [10], Change(_day(), status="已销号"), name, CLOCK)
            except LedgerError as exc:
                refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001 — a lost write or a deadlock fails the test, never hangs it
            failed.append(exc)
            start.abort()
        finally:
            ledger.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed
    events = [e for e in dump(db)[2] if e[0] == 10]
    assert [e[1] for e in events] == list(range(1, 44))
    notes = [e[7] for e in events if e[7]]
    for name in ("甲", "乙"):
        assert [n for n in notes if n.startswith(name)] == [f"{name}{n}" for n in range(20)]
    assert [e[3] for e in events if e[3]] == ["待整改", "已整改", "已销号"]
    assert refused == ["第 10 项已是“已销号”\n未作任何更改"]


def _day():
    import datetime as dt

    return dt.date(2026, 12, 2)


def test_add_with_judgements(runner, db, results):
    """The panel's 不符合 items become items keyed by their judgement item, with the reviewer's reason;
    adding again, with or without them in between, changes nothing."""
    judgements = str(ROOT / "casefiles" / "judgements")
    added = run(
        runner, db, "add", str(results["first"]), "--review", "2026年度评查", "--by", "李明", "--judgements", judgements
    )
    assert added.splitlines()[0] == "评查“2026年度评查”（2026-11-21）：新录入 55 项，已在台账中 0 项（未改动）"
    before = dump(db)
    again = run(
        runner, db, "add", str(results["first"]), "--review", "2026年度评查", "--by", "张华", "--judgements", judgements
    )
    assert again == "评查“2026年度评查”（2026-11-21）：新录入 0 项，已在台账中 55 项（未改动）\n"
    assert dump(db) == before
    panel = [row for row in before[1] if row[4].startswith("panel-")]
    assert [row[2:10] for row in panel] == [
        (
            "开原市应急管理局", "开应急罚〔2025〕7号", "panel-evidence", "案卷", "评查标准", "veto", "证据不充分（人工评查）",
            "认定“1人培训记录与实际不符”只有当事人的询问笔录，卷内无培训档案、考勤记录或该从业人员的证言佐证（评查人 王芳，2026-11-25）",
        ),
        (
            "开原市应急管理局", "开应急罚〔2025〕33号", "panel-discretion", "案卷", "评查标准", "major",
            "处罚明显不当（过重或过轻）（人工评查）",
            "12名从业人员中1人记录不实、已当场改正，罚款20000元接近从轻档上限30000元，决定书未说明理由（评查人 李明，2026-11-26）",
        ),
    ]  # fmt: skip
