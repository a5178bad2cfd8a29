"""Write rules/national/articles.tables.yaml: how each article of the laws a 决定书 cites is divided into
款 and 项, read from the statute texts (Markdown, one paragraph a line, items written （一）…).

  python tools/law_articles.py /work/shared/domain/laws > rules/national/articles.tables.yaml

The rule `citations-specific` reads the table: a citation of an article with several 款, or of a 款 with 项,
that does not say which is not specific (通川 方案 四(四)2). Only laws whose text is at hand are listed; a
law not listed has an unknown structure (the rule is 无法判定, never a pass or a defect).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# file, the law's full name, the names it is abbreviated as, version label, period of force, note
LAWS = (
    (
        "安全生产法(2021-06-10).md",
        "中华人民共和国安全生产法",
        ["安全生产法"],
        "2021",
        {"from": "2021-09-01"},
        "2021年修正文本（施行日期见 rules/laws.yaml）",
    ),
    (
        "危险化学品安全管理条例(2013-12-07).md",
        "危险化学品安全管理条例",
        [],
        "2013",
        {"from": "2013-12-07", "until": "2026-04-30"},
        "2013年修正文本；《危险化学品安全法》2026-05-01施行后本条例是否废止或修改未核实，此后结构按未知",
    ),
    (
        "行政处罚法(2021-01-22).md",
        "中华人民共和国行政处罚法",
        ["行政处罚法"],
        "2021",
        {"from": "2021-07-15"},
        "2021年修订文本",
    ),
    (
        "行政强制法(2011-06-30).md",
        "中华人民共和国行政强制法",
        ["行政强制法"],
        "2011",
        {"from": "2012-01-01"},
        "2011年文本，未修正",
    ),
)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百]+)条(?:\s|　)")
_ITEM = re.compile(r"^[（(][零〇一二三四五六七八九十]+[)）]")


def chinese_number(text: str) -> int:
    """一百一十九 → 119 (the numerals of article numbers)."""
    total, digit = 0, 0
    for char in text:
        if char == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif char == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _DIGITS[char]
    return total + digit


def structure(text: str) -> list[list[int]]:
    """For article 1, 2, …: the number of 项 in each of its 款 (a 项 belongs to the 款 before it)."""
    articles: list[list[int]] = []
    current: list[int] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "<!--")):
            continue
        if match := _ARTICLE.match(line):
            number = chinese_number(match.group(1))
            if number != len(articles) + 1:
                raise SystemExit(f"第{number}条不接续第{len(articles)}条")
            current = [0]
            articles.append(current)
        elif current is not None and _ITEM.match(line):
            current[-1] += 1
        elif current is not None:
            current.append(0)
    return articles


def table(folder: Path) -> str:
    lines = [
        "# yaml-language-server: $schema=../schemas/tables.schema.json",
        "# 条文结构：决定书所引法律的每一条分几款、每款分几项。由 tools/law_articles.py 从 /work/shared/domain/laws 的",
        "# 法律文本生成（LawRefBook/Laws 所载文本），不要手改。paragraphs 的第 N 行是第 N 条：各款所列的项数（0 = 该款不分项）。",
        "articles:",
    ]
    for file, law, short, version, period, note in LAWS:
        articles = structure((folder / file).read_text(encoding="utf-8"))
        span = ", ".join(f'{key}: "{value}"' for key, value in period.items())
        lines += [
            f"  - law: {law}",
            f"    abbreviations: [{', '.join(short)}]",
            f'    version: "{version}"',
            f"    in_force: {{{span}}}",
            f"    source: {file}：{note}",
            "    paragraphs:",
            *(f"      - {counts}  # 第{number}条" for number, counts in enumerate(articles, 1)),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table(Path(sys.argv[1])))
