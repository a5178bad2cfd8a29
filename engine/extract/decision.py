"""The deciding part of a 决定书: provisions violated and applied, the penalties and amounts, the
discretion stated, the rights notified, the remedies and how to pay."""

from __future__ import annotations

import re
from typing import Any

from .citations import provisions
from .document import Section, Sentence, Text
from .fields import Found
from .numbers import amounts, chinese_int

_VIOLATED = re.compile(r"违反(了)?")
_APPLIED = re.compile(r"依据|依照|根据|按照")
_DECIDES = re.compile(r"(决定|处罚如下|如下(行政)?处罚|作出(如下|以下))")
_PAYMENT = re.compile(r"缴纳|缴至|加处罚款|逾期不")
_REMEDY = re.compile(r"行政复议|行政诉讼")
# A 依据 of a step of procedure (立案, 移送, 送达 …) or of the law in time, not of the penalty.
_PROCEDURE = re.compile(r"立案|移送|送达|公告|管辖|适用违法行为发生时")
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("警告", re.compile(r"警告")),
    ("通报批评", re.compile(r"通报批评")),
    ("罚款", re.compile(r"罚款")),
    ("没收违法所得", re.compile(r"没收(全部)?违法所得")),
    ("没收非法财物", re.compile(r"没收(?!(全部)?违法所得)[^，。；]{1,30}")),
    ("暂扣许可证件", re.compile(r"暂扣[^，。；]{0,20}(许可证|执照|证件)")),
    ("降低资质等级", re.compile(r"降低资质等级")),
    ("吊销许可证件", re.compile(r"吊销[^，。；]{0,20}(许可证|执照|证件)")),
    ("限制开展生产经营活动", re.compile(r"限制开展生产经营活动")),
    ("责令停产停业", re.compile(r"责令[^，。；]{0,10}停产停业")),
    ("责令关闭", re.compile(r"责令关闭")),
    ("限制从业", re.compile(r"限制从业")),
    ("行政拘留", re.compile(r"行政拘留")),
)
# A level stated as the agency's own choice, not quoted from a law (应当从轻或者减轻 quotes the law).
_LEVEL = re.compile(r"(?<!应当)(?<!可以)(?<!或者)(?<!不予)(?P<level>从轻|减轻|从重)(给予|作出)?(行政)?处罚")
_BASELINE = re.compile(r"裁量(权)?基准|裁量标准|裁量权适用规则|裁量(权)?适用|自由裁量")


def cited_provisions(text: Text, section: Section, last: int, found: Found) -> None:
    """Each provision goes to the nearest 违反 or 依据 before it in its sentence; sentences about
    告知, payment or remedies cite procedure, not the violation."""
    violated: list[dict[str, Any]] = []
    applied: list[dict[str, Any]] = []
    for sentence in text.sentences(section.first + 1, last):
        plain = unquoted(sentence).text
        if re.search(r"告知|陈述|申辩|听证", plain) or _PAYMENT.search(plain) or _REMEDY.search(plain):
            continue
        applies = [] if _PROCEDURE.search(sentence.text) else [(m.start(), applied) for m in _APPLIED.finditer(plain)]
        marks = sorted([(m.start(), violated) for m in _VIOLATED.finditer(plain)] + applies, key=lambda mark: mark[0])
        for provision in provisions(sentence.text):
            owners = [owner for start, owner in marks if start < provision.span.start]
            if not owners:
                continue
            target = owners[-1]
            cited = provision.as_dict()
            if cited not in target:
                path = "violation.provision_violated" if target is violated else "violation.penalty_provision"
                found.origins[f"{path}[{len(target)}]"] = sentence.origin(provision.span.start, provision.span.end)
                target.append(cited)
    if violated:
        found.values["violation.provision_violated"] = violated
    if applied:
        found.values["violation.penalty_provision"] = applied


def reasoning_sentences(text: Text, section: Section, last: int) -> list[Sentence]:
    """From the first sentence naming the provisions violated to the first about payment or remedies:
    where the agency states its reasons, its discretion and its decision."""
    chosen: list[Sentence] = []
    for sentence in map(unquoted, text.sentences(section.first + 1, last)):
        if chosen and (_PAYMENT.search(sentence.text) or _REMEDY.search(sentence.text)):
            break
        if chosen or _VIOLATED.search(sentence.text):
            chosen.append(sentence)
    return chosen


def deciding_sentences(reasoning: list[Sentence]) -> list[Sentence]:
    """The reasoning from its first sentence that decides (本局决定, 处罚如下)."""
    start = next((n for n, sentence in enumerate(reasoning) if _DECIDES.search(sentence.text)), len(reasoning))
    return reasoning[start:]


def penalties(sentences: list[Sentence], found: Found) -> None:
    kinds: list[str] = []
    fines: dict[float, tuple[Sentence, int, int]] = {}
    confiscated: dict[float, tuple[Sentence, int, int]] = {}
    for sentence in sentences:
        for kind, pattern in _KINDS:
            if (match := pattern.search(sentence.text)) and kind not in kinds:
                found.origins[f"decision.kinds[{len(kinds)}]"] = sentence.origin(match.start(), match.end())
                kinds.append(kind)
        for value, span in amounts(sentence.text):
            before = sentence.text[: span.start]
            fine_at, seize_at = before.rfind("罚款"), before.rfind("没收")
            after = re.sub(r"^（[^）]*）", "", sentence.text[span.end : span.end + 30])
            if after.startswith("的罚款"):  # 697㎡×11元/㎡=7667元（柒仟陆佰陆拾柒元整）的罚款
                fine_at = len(before)
            if max(fine_at, seize_at) < 0 or value <= 0:
                continue
            (fines if fine_at > seize_at else confiscated).setdefault(value, (sentence, span.start, span.end))
    if kinds:
        found.values["decision.kinds"] = kinds
    for path, values in (("decision.fine", fines), ("decision.confiscation", confiscated)):
        if len(values) == 1:  # two different amounts (two parties, two fines): not guessed
            ((value, (sentence, start, end)),) = values.items()
            found.put(path, value, sentence.origin(start, end))


def discretion(sentences: list[Sentence], found: Found) -> None:
    levels: dict[str, tuple[Sentence, int, int]] = {}
    for sentence in sentences:
        for stated in _LEVEL.finditer(sentence.text):
            levels.setdefault(stated["level"], (sentence, stated.start(), stated.end()))
        if "鉴于" in sentence.text and "decision.discretion.reasons" not in found.values:
            found.put(
                "decision.discretion.reasons", sentence.written.rstrip("。；"), sentence.origin(0, len(sentence.text))
            )
        if (match := _BASELINE.search(sentence.text)) and "decision.discretion.cited_in_decision" not in found.values:
            found.put("decision.discretion.cited_in_decision", True, sentence.origin(match.start(), match.end()))
    if len(levels) == 1:
        ((level, (sentence, start, end)),) = levels.items()
        found.put("decision.discretion.level", level, sentence.origin(start, end))


_REVIEW_BODY = re.compile(
    r"(?P<days>[0-9一二三四五六七八九十]+)日内[，,]?(?:依法)?向(?P<body>[^，。；]{2,40}?)(?:依法)?申请行政复议"
)
_LITIGATION = re.compile(r"(?P<months>[0-9一二三四五六七八九十]+)个?月内[^。；]{0,30}?(提起行政诉讼|提起诉讼|起诉)")
_RIGHTS = re.compile(r"陈述[、和及]?申辩")
_BANK = re.compile(r"(?:缴至|缴入|缴到|到)(?P<bank>[^，。；到至]{1,40}?银行[^，。；]{0,20}?)(?=缴纳|缴款|[，。；]|$)")


def remedies_and_rights(text: Text, section: Section, last: int, found: Found) -> None:
    for sentence in text.sentences(section.first + 1, last):
        if match := _REVIEW_BODY.search(sentence.text):
            found.put(
                "decision.remedies.review_body", match["body"], sentence.origin(match.start("body"), match.end("body"))
            )
            found.put(
                "decision.remedies.review_period_days",
                chinese_int(match["days"]),
                sentence.origin(match.start("days"), match.end("days")),
            )
        if match := _LITIGATION.search(sentence.text):
            found.put(
                "decision.remedies.litigation_period_months",
                chinese_int(match["months"]),
                sentence.origin(match.start("months"), match.end("months")),
            )
        if "告知" in sentence.text and (match := _RIGHTS.search(sentence.text)):
            found.put("notice.states_rights", True, sentence.origin(match.start(), match.end()))
            if (hearing := re.search(r"听证", sentence.text)) and "不" not in sentence.text[
                max(0, hearing.start() - 4) : hearing.start()
            ]:
                found.put("notice.states_hearing_right", True, sentence.origin(hearing.start(), hearing.end()))
        if match := _BANK.search(sentence.text):
            found.notes.append(("缴款银行", match["bank"], sentence.origin(match.start("bank"), match.end("bank"))))


# 不予处罚 grounds by what the decision says (行政处罚法 2021 第30、31、33、36条).
_GROUNDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("首违不罚", re.compile(r"初次违法")),
    ("轻微不罚", re.compile(r"轻微.{0,20}(没有|未)造成危害后果|(没有|未)造成危害后果.{0,20}轻微")),
    ("无主观过错", re.compile(r"(没有|无)主观过错")),
    ("未成年人", re.compile(r"不满十四周岁")),
    ("精神病人", re.compile(r"精神病人|智力残疾人")),
    ("超过时效", re.compile(r"超过.{0,6}(追责|追究)?时效|(二|五)年内未被发现")),
)
# Circumstances the decision states as found (a negation just before them is not a statement).
_CIRCUMSTANCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("first_violation", re.compile(r"(?<![非不])(系|属于?|为)?初次违法")),
    ("harm_minor", re.compile(r"危害后果(较为|较)?轻微")),
    ("no_harm", re.compile(r"(没有|未)造成(任何)?危害后果")),
    ("corrected_in_time", re.compile(r"(?<![未不能没有责令])(及时|当场|立即|检查当日|当日)(整改|改正)")),
)


def grounds(reasoning: list[Sentence], outcome_refused: bool, found: Found) -> None:
    """The circumstances the decision states, and for a 不予行政处罚决定书 the ground it rests on."""
    for sentence in reasoning:
        for name, pattern in _CIRCUMSTANCES:
            path = f"violation.circumstances.{name}"
            match = pattern.search(sentence.text)
            if match and path not in found.values and not _negated_or_ordered(sentence.text, match.start()):
                found.put(path, True, sentence.origin(match.start(), match.end()))
        if outcome_refused and "decision.no_penalty_ground" not in found.values:
            for ground, pattern in _GROUNDS:
                if match := pattern.search(sentence.text):
                    found.put("decision.no_penalty_ground", ground, sentence.origin(match.start(), match.end()))
                    break


def _negated_or_ordered(sentence: str, position: int) -> bool:
    """不能及时改正, 未及时改正, 责令立即改正: a negation or an order just before, not the party's conduct."""
    return bool(re.search(r"(不|未|没有|不能|无法|责令[^，。；]{0,8})$", sentence[max(0, position - 12) : position]))


_QUOTED = re.compile(r"“[^”]*(”|$)")  # a quotation the page cut off runs to the end


def unquoted(sentence: Sentence) -> Sentence:
    """The sentence with quoted words (a statute's text, “…”) blanked, positions kept."""
    blanked = _QUOTED.sub(lambda match: "＿" * len(match.group()), sentence.text)
    return Sentence(sentence.paragraph, sentence.offset, blanked, sentence.text)
