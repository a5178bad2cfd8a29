"""A small standalone rulebook written into a tmp folder, for tests that assert exact output.

Its rules are the test's own, not the shipped ones, so those tests do not move when the shipped
rulebook grows. It reads only long-standing facts (decision.*, case.id, baseline.*) and the rule-test
base case file rules/testcases/penalty-emergency-2025.json (item AQ-97-4, fine 20000, 从轻).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from engine import resources

PROFILE = """\
name: {name}
title: 测试规则集
version: "1"
{extends}scoring:
  total: 100
  categories: {{内容: 100}}
  grades:
    - {{name: 合格, min: 60}}
    - {{name: 不合格, min: 0}}
parameters:
  fine_cap:
    title: 罚款上限（元）
    value: 100000
    basis: 示例
"""

RULE = """\
  - id: {id}
    title: {title}
    family: 裁量基准
    category: 内容
    severity: minor
    points: 1
    basis:
      - {{law: 行政处罚法, article: 28}}
      - {{law: 行政处罚法, article: 23, version: "2017"}}
      - {{law: 行政处罚法, article: 23, version: "2009"}}
    when: {when}
    require: {require}
    message: {message}
    phase: decision
"""

# a fact-pattern baseline for the base case's item; its first band is the one the base case claims
TABLE = """\
discretion:
  - id: training-records
    title: 未如实记录安全生产教育和培训情况
    item_code: AQ-97-4
    basis: 示例
    model: fact-pattern
    statutory: {单位: [0, 100000]}
    bands:
      - level: 从轻
        name: 未如实记录人数占比不足10%
        when: {未如实记录人数占比: {lt: 0.1}}
        fine: {单位: [0, 30000]}
      - level: 一般
        name: 未如实记录人数占比10%以上
        when: {未如实记录人数占比: {gte: 0.1}}
        fine: {单位: [30000, 100000]}
"""


def rule(
    id: str,
    require: str,
    when: str = "decision.exists",
    message: str = "罚款 {decision.fine} 元",
    title: str = "示例规则",
) -> str:
    return RULE.format(id=id, title=title, when=when, require=require, message=message)


def write_profile(
    root: Path, files: dict[str, str], name: str = "mini", extends: str | None = None, extra: str = ""
) -> Path:
    """Write profile `name` under root (with root/testcases for rule tests) and return its folder."""
    if not (root / "testcases").exists():
        shutil.copytree(resources.rules_dir() / "testcases", root / "testcases")
    folder = root / name
    folder.mkdir(parents=True)
    header = PROFILE.format(name=name, extends=f"extends: {extends}\n" if extends else "")
    (folder / "profile.yaml").write_text(header + extra, encoding="utf-8")
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def rule_tests(*cases: str) -> str:
    return 'base: ../testcases/penalty-emergency-2025.json\nas_of: "2026-11-21"\ncases:\n' + "".join(cases)


def case(name: str, rule_id: str, expect: str, extra: str = "") -> str:
    return f"  - name: {name}\n    rule: {rule_id}\n    expect: {expect}\n{extra}"
