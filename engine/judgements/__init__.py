"""Reviewers' judgements (人工评查): the substantive items of a published 评查标准 that no rule over
structured data can decide — 主体, 事实, 证据, 定性, 适用法律, 程序, 裁量适当, 文书 — declared by the
profile (`items`), recorded per case file by the panel in a YAML sidecar (`record`) and merged with
the machine's findings into one score that says which is which (`merge`)."""
