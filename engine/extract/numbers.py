"""Dates, amounts and provision numbers as decisions write them: 2021年4月30日, 二〇二一年四月三十日,
伍万元整, 5万元, 50,000元, 第五十七条第（一）项. Chinese numerals are read by cn2an."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_CN_DIGITS = "〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟"
_YEAR = r"(?P<year>\d{4}|[0〇零一二三四五六七八九]{4})"  # 二0二三: a digit 0 for 〇 is common
_MONTH_DAY = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = re.compile(rf"{_YEAR}年(?P<month>{_MONTH_DAY[1:-1]})月(?P<day>{_MONTH_DAY[1:-1]})日")
# An amount: arabic (with thousands separators and decimals) or Chinese numerals, then optional 万, then 元.
AMOUNT = re.compile(rf"(?:人民币)?(?P<number>\d[\d,，]*(?:\.\d+)?|[{_CN_DIGITS}]+)(?P<wan>万)?元(?:整)?")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def chinese_int(text: str) -> int:
    """二〇二四 → 2024, 五十七 → 57, 贰拾万 → 200000; ValueError when it is not a number."""
    import cn2an  # type: ignore[import-untyped]  # 0.1 s to import: only extraction needs it

    if text.isdigit():
        return int(text)
    if len(text) == 4 and "0" in text:  # a year written 二0二三
        text = text.replace("0", "〇")
    text = text.replace("0", "〇") if len(text) == 4 and "0" in text else text
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(text) from exc
    if value != int(value):
        raise ValueError(text)
    return int(value)


def dates(text: str) -> Iterator[tuple[dt.date, Span]]:
    """Every valid calendar date in the text; an impossible one (2月30日) is skipped, never guessed."""
    for match in DATE.finditer(text):
        try:
            day = dt.date(chinese_int(match["year"]), chinese_int(match["month"]), chinese_int(match["day"]))
        except ValueError:
            continue
        yield day, Span(match.start(), match.end())


def amounts(text: str) -> Iterator[tuple[float, Span]]:
    """Every amount in yuan: 伍万元整 and 5万元 are 50000, 50,000.00元 is 50000."""
    for match in AMOUNT.finditer(text):
        number = match["number"].replace(",", "").replace("，", "")
        try:
            value = float(number) if number[0].isdigit() else float(chinese_int(number))
        except ValueError:
            continue
        if match["wan"]:
            value *= 10_000
        yield round(value, 2), Span(match.start(), match.end())
