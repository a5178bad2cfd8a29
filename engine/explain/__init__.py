"""Explanations of rule outcomes (`pingcha check --explain`): the data (trace) and its Chinese text."""

from .text import to_text
from .trace import ALL, UnknownRuleError, explain_case, explain_rules

__all__ = ["ALL", "UnknownRuleError", "explain_case", "explain_rules", "to_text"]
