"""The structure of cited laws (engine.articles, tools/law_articles.py, rules/national/articles.tables.yaml):
how an article divides into 款 and 项, what a citation leaves out, and which 罚则 agree."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from engine.articles import LawStructure, Provision, provision

ROOT = Path(__file__).resolve().parents[1]
LAWS = Path("/work/shared/domain/laws")
sys.path.insert(0, str(ROOT / "tools"))
import law_articles

TEXT = """# 某法

<!-- INFO END -->

## 第一章 总则

第一条 为了……，制定本法。

第二条 有下列行为之一的，处罚款：

（一）甲；

（二）乙。

前款规定以外的，责令改正。

第十一条 第一款。

第二款。
"""


def test_structure_counts_paragraphs_and_the_items_of_each() -> None:
    with pytest.raises(SystemExit, match="第11条不接续第2条"):
        law_articles.structure(TEXT)
    assert law_articles.structure(TEXT.replace("第十一条", "第三条")) == [[0], [2, 0], [0, 0]]
    assert [law_articles.chinese_number(n) for n in ("九", "十", "十一", "二十八", "一百", "一百一十九")] == [
        9,
        10,
        11,
        28,
        100,
        119,
    ]


@pytest.mark.skipif(not LAWS.is_dir(), reason="the statute texts are not on this machine")
def test_the_committed_table_is_the_generated_one() -> None:
    committed = (ROOT / "rules" / "national" / "articles.tables.yaml").read_text(encoding="utf-8")
    assert law_articles.table(LAWS) == committed


LAW = LawStructure("中华人民共和国某法", ("某法",), "2021", dt.date(2021, 9, 1), None, ((0,), (2, 0), (0, 0, 0, 0)))


@pytest.mark.parametrize(
    ("article", "paragraph", "item", "expected"),
    [
        (1, None, None, None),
        (1, 1, None, None),  # 第1款 of a one-paragraph article: more than needed, not a defect
        (2, None, None, (True, "《中华人民共和国某法》第2条：该条有2款，未写明第几款")),
        (2, 1, None, (True, "《中华人民共和国某法》第2条第1款：该款分2项，未写明第几项")),
        (2, 1, 2, None),
        (2, 1, 3, (False, "《中华人民共和国某法》第2条第1款第3项：该款只有2项")),
        (2, 2, None, None),
        (2, 2, 1, (False, "《中华人民共和国某法》第2条第2款第1项：该款不分项")),
        (3, 4, None, None),
        (3, 5, None, (False, "《中华人民共和国某法》第3条第5款：该条只有4款")),
        (4, None, None, (False, "《中华人民共和国某法》第4条：该法（2021）只有3条")),
    ],
)
def test_what_a_citation_leaves_out_or_names_wrongly(
    article: int, paragraph: int | None, item: int | None, expected: tuple[bool, str] | None
) -> None:
    assert LAW.lacks(Provision(LAW.law, article, paragraph, item)) == expected


def test_a_one_paragraph_article_with_items_needs_the_item() -> None:
    law = LawStructure("某法", (), "2021", None, None, ((7,),))
    assert law.lacks(Provision("某法", 1)) == (True, "《某法》第1条：该条分7项，未写明第几项")
    assert law.lacks(Provision("某法", 1, None, 7)) is None


def test_penalty_provisions_agree_unless_a_paragraph_or_item_differs() -> None:
    names = {"安全生产法": "中华人民共和国安全生产法"}
    row = provision({"law": "中华人民共和国安全生产法", "article": 97, "item": 4})
    assert provision({"law": "《安全生产法》", "article": 97, "item": 4}).agrees(row, names)
    assert provision({"law": "中华人民共和国安全生产法", "article": 97}).agrees(row, names)
    assert not provision({"law": "中华人民共和国安全生产法", "article": 97, "item": 5}).agrees(row, names)
    assert not provision({"law": "中华人民共和国安全生产法", "article": 98, "item": 4}).agrees(row, names)
    # a law the structure table does not know: the 中华人民共和国 of its title is left out to compare
    assert provision({"law": "广告法", "article": 57, "item": 1}).agrees(
        provision({"law": "中华人民共和国广告法", "article": 57, "item": 1}), {}
    )
    assert not provision({"law": "广告法", "article": 57}).agrees(provision({"law": "商标法", "article": 57}), {})
