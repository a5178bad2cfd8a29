"""benchmarks/extraction.py --real: the key of real published decisions is well formed, texts not saved
are named and not scored, and values written differently on published pages compare as one."""

from __future__ import annotations

import datetime as dt
import re
import sys
import typing
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from engine.casefile import EventType

sys.path.insert(0, str(ROOT / "benchmarks"))
import extraction

REAL_KEY = yaml.safe_load(extraction.REAL_KEY.read_text(encoding="utf-8"))
HELDOUT_REAL_KEY = yaml.safe_load(extraction.HELDOUT_REAL_KEY.read_text(encoding="utf-8"))
SCORED = {*extraction.SCALARS, *extraction.PROVISIONS, "decision.kinds", "events"}
ENTRIES = [(key, name) for key, entries in (("first", REAL_KEY), ("heldout", HELDOUT_REAL_KEY)) for name in entries]


@pytest.mark.parametrize(("key", "name"), ENTRIES)
def test_every_real_entry_gives_its_address_date_and_only_scored_fields(key: str, name: str) -> None:
    entry = (REAL_KEY if key == "first" else HELDOUT_REAL_KEY)[name]
    assert entry["url"].startswith(("http://", "https://")) and ".gov.cn" in entry["url"]
    assert entry["retrieved"] == dt.date(2026, 12, 1)
    assert set(entry["expected"]) <= SCORED, set(entry["expected"]) - SCORED
    for event in entry["expected"].get("events", []):
        kind, day = event.split(" ")
        assert kind in typing.get_args(EventType) and dt.date.fromisoformat(day)
    for field in extraction.PROVISIONS:
        for provision in entry["expected"].get(field, []):
            assert re.fullmatch(r"[^|]+\|\d+\|\d*\|\d*", provision), provision


def test_texts_not_saved_are_named_with_their_address_and_not_scored(tmp_path: Path) -> None:
    measured = extraction.measure_real(tmp_path)
    assert measured["texts"] == []
    assert measured["absent"] == {name: entry["url"] for name, entry in REAL_KEY.items()}
    assert measured["fields"] == {} and measured["errors"] == []


def test_the_second_set_is_held_out_from_the_first() -> None:
    assert not set(HELDOUT_REAL_KEY) & set(REAL_KEY)
    assert not {e["url"] for e in HELDOUT_REAL_KEY.values()} & {e["url"] for e in REAL_KEY.values()}


def test_the_second_key_is_scored_from_its_own_entries(tmp_path: Path) -> None:
    text = "衡水市生态环境局\n行政处罚决定书\n衡环罚决〔2024〕224号\n"  # not the published text: its title and 文号
    (tmp_path / "eco-hengshui-2024.txt").write_text(text, encoding="utf-8")
    measured = extraction.measure_real(tmp_path, extraction.HELDOUT_REAL_KEY)
    assert measured["texts"] == ["eco-hengshui-2024"]
    assert set(measured["absent"]) == set(HELDOUT_REAL_KEY) - {"eco-hengshui-2024"}
    assert measured["fields"]["case_id"] == {"correct": 1, "wrong": 0, "missed": 0}
    assert measured["fields"]["decision.fine"] == {"correct": 0, "wrong": 0, "missed": 1}


@pytest.mark.parametrize(
    ("field", "written", "folded"),
    [
        ("case_id", "盘环罚决（2021）138号", "盘环罚决〔2021〕138号"),
        ("case_id", "铁应急罚[2023]7号", "铁应急罚〔2023〕7号"),
        ("case_id", "渝环（两江）罚字﹝2019﹞71号", "渝环(两江)罚字〔2019〕71号"),
        ("case_id", "豫 0329 环罚决字〔2023〕2 号", "豫0329环罚决字〔2023〕2号"),
        ("party.address", "湖南省株洲市醴陵市（2021） 1号", "湖南省株洲市醴陵市(2021)1号"),
        ("events", "告知 2023-11-09", "告知 2023-11-09"),
    ],
)
def test_values_are_compared_as_one_however_the_page_writes_them(field: str, written: str, folded: str) -> None:
    assert extraction._fold(field, written) == folded


def test_a_saved_text_is_scored_as_written_once(tmp_path: Path) -> None:
    # Not the published text (that stays out of the repository): its title, 文号 and a wrong seal date.
    text = "盘锦市生态环境局行政处罚决定书\n盘环罚决(2021)138号\n\n盘锦市生态环境局\n2021年5月1日\n"
    (tmp_path / "eco-panjin-2021.txt").write_text(text, encoding="utf-8")
    measured = extraction.measure_real(tmp_path)
    assert measured["texts"] == ["eco-panjin-2021"]
    assert len(measured["absent"]) == len(REAL_KEY) - 1
    fields = measured["fields"]
    assert fields["case_id"] == {"correct": 1, "wrong": 0, "missed": 0}
    assert fields["agency.name"] == {"correct": 1, "wrong": 0, "missed": 0}
    assert fields["decision.date"] == {"correct": 0, "wrong": 1, "missed": 1}
    assert fields["party.name"] == {"correct": 0, "wrong": 0, "missed": 1}
    assert {error["variant"] for error in measured["errors"]} == {"原文"}
    dates = [error for error in measured["errors"] if error["field"] == "decision.date"]
    assert dates == [
        {
            "text": "eco-panjin-2021",
            "variant": "原文",
            "field": "decision.date",
            "wrong": ["2021-05-01"],
            "missed": ["2021-04-30"],
        }
    ]
