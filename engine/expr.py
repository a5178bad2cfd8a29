"""The condition language: a safe, typed subset of Python expression syntax, compiled to Python code.

Rule text is parsed with `ast.parse(mode="eval")` and only whitelisted nodes are accepted; it is
never passed to eval. Every dotted name must be a declared fact, every string compared with an
enumerated fact must be one of its values, and operand types must agree — all checked at load time.

The checked tree is then written out as Python code by this module: fact names and literals appear
only as `repr()` constants, every operator and function comes from the tables below, and the code
runs in a namespace holding only those functions. Nothing of the rule text becomes code. One
rulebook's conditions are ≈ 1,500 nodes per case; as one generated function per expression (and,
in engine.evaluate, one per rulebook) they cost a fraction of a closure per node.

Evaluation is three-valued: a fact whose value is None is unknown, and unknown propagates
(Kleene logic for and/or/not) so that missing data gives 无法判定, never a silent pass and never a
finding. A None fact may also be known absent (Context.absent: its part of the file is complete and
does not show it): only exists() and coalesce() tell the two apart: exists() is False for an absent
fact and unknown for an unknown one, coalesce() falls back only past an absent value. A list fact may
be open (Open: these items and perhaps others): `in` and overlaps() are True on a listed item and
unknown otherwise, count() of it is unknown. Operands are
evaluated left to right, every operand of a comparison, arithmetic or function before the unknown
check, so that a CalendarGap is raised wherever any operand needs a year the calendar lacks.

Arithmetic that has no answer (a division by zero, a date past 9999-12-31) raises OutOfRange, the
same kind of Undecidable as a CalendarGap: the rule asking is 无法判定 with the reason. Where the
operands are constants it is found at load time instead, as an error in the rule.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import OutOfRange, Undecidable, lone_surrogate, shorten
from .workcal import WorkCalendar, add_months, period_length

Facts = Mapping[str, Any]
Evaluator = Callable[["Context"], Any]

BOOL, NUMBER, TEXT, DATE, LIST = "bool", "number", "text", "date", "list"


@dataclass(frozen=True)
class FactSpec:
    """A fact a rule may name: its type, a Chinese title, and for text or lists the allowed values."""

    type: str
    title: str
    values: frozenset[str] | None = None


class ExprError(Exception):
    """A compile error; `col` is the 0-based offset in the expression text, in UTF-8 bytes (as ast counts)."""

    def __init__(self, message: str, col: int = 0, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.help = help


class Open(tuple[Any, ...]):
    """A list the file shows only in part: these items, and perhaps others it does not show."""

    __slots__ = ()


class Context:
    """What compiled expressions evaluate against: the facts, which of their None values are known
    absent (rather than unknown), and the working-day calendar."""

    def __init__(self, facts: Facts, calendar: WorkCalendar, absent: frozenset[str] = frozenset()) -> None:
        self.facts = facts
        self.calendar = calendar
        self.absent = absent


def all_absent(c: Context, names: tuple[str, ...]) -> bool:
    """Whether every fact among `names` that has no value is known absent (an expression over them
    that has no value is then absent too, not unknown)."""
    facts, absent = c.facts, c.absent
    return all(facts[n] is not None or n in absent for n in names)


def format_value(value: Any) -> str:
    """A value as a message shows it to a reader."""
    if value is None:
        return "未载明"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int) and value.bit_length() > _MAX_SHOWN_BITS:  # str() refuses 4,300+ digits
        return "（数值过大，无法显示）"
    if isinstance(value, Open):
        return "、".join(format_value(v) for v in value) + "（卷内所见，不完整）" if value else "未载明"
    if isinstance(value, tuple | list):
        return "、".join(format_value(v) for v in value) if value else "无"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_MAX_SHOWN_BITS = 4000 * 3  # a little under 4,000 decimal digits


def divide(dividend: float, divisor: float, shown: str) -> float:
    """`/` in a condition; `shown` is the divisor as the rule writes it, for the 无法判定 reason."""
    if divisor == 0:
        raise OutOfRange(f"除数 {shown} 为 0，无法计算")
    try:
        return dividend / divisor
    except OverflowError:  # two integers too large for a float result
        raise OutOfRange(f"除以 {shown} 的结果超出可计算的范围") from None


# Generated code reads `c` (the Context), `f` (its facts) and `a` (the facts known absent) and names nothing but these.
NAMESPACE: dict[str, Any] = {
    "__builtins__": {"len": len, "min": min, "max": max, "set": set},
    "_add_months": add_months,
    "_length": period_length,
    "_divide": divide,
    "_Undecidable": Undecidable,
    "_show": format_value,
    "_Open": Open,
    "_all_absent": all_absent,
}


def date_constant(value: dt.date) -> str:
    """The name under which generated code reads a fixed date (one per date, shared by all rules)."""
    name = f"_D{value:%Y%m%d}"
    NAMESPACE[name] = value
    return name


def literal_code(value: Any) -> str:
    """Python source for a literal of the condition language."""
    if isinstance(value, float) and not math.isfinite(value):
        return "(1e999)" if value > 0 else "(-1e999)"  # what `1e999` in rule text parses to
    return repr(value)


def build_functions(source: str, filename: str) -> dict[str, Callable[..., Any]]:
    """Compile generated source (function definitions) in the namespace above; its functions by name."""
    scope: dict[str, Callable[..., Any]] = {}
    exec(compile(source, filename, "exec"), NAMESPACE, scope)  # noqa: S102 - generated code, see the module docstring
    return scope


@dataclass
class Compiled:
    """A compiled expression: its Python code, static type and the facts it reads."""

    source: str
    type: str
    code: str  # a Python expression over `c` and `f` (see NAMESPACE)
    names: tuple[str, ...] = field(default_factory=tuple)
    # names read outside exists()/coalesce(): when one is unknown, it explains an unknown result
    strict_names: tuple[str, ...] = field(default_factory=tuple)
    _run: Evaluator | None = field(default=None, repr=False, compare=False)

    @property
    def run(self) -> Evaluator:
        """The expression as a function of a Context (built on first use: rule conditions are
        normally run inside their rulebook's generated function instead)."""
        if self._run is None:
            source = f"def run(c):\n    f, a = c.facts, c.absent\n    return {self.code}\n"
            self._run = build_functions(source, "<pingcha>")["run"]
        return self._run


@dataclass(frozen=True)
class _Node:
    type: str
    code: str
    values: frozenset[str] | None = None
    literal: Any = None
    is_literal: bool = False
    fact: str | None = None  # a bare fact read
    # cannot raise: an operand before it need not be evaluated once the result is known to be unknown
    safe: bool = True
    never_none: bool = False  # literals, dates, exists(): no unknown check needed
    constant: bool = False  # reads no fact and no calendar: `literal` holds its value, worked out at load time


_COMPARE: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_ARITH: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
# Integers in rule text: amounts and day counts have far fewer digits; Python cannot even write out
# one of more than 4,300 digits.
MAX_INTEGER = 10**18


# name: (argument types, result type, code over the evaluated arguments {0}, {1}, whether it can raise, doc)
_FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str, bool, str]] = {
    "days": ((DATE, DATE), NUMBER, "({1} - {0}).days", False, "b − a 的日历日数"),
    "workdays": ((DATE, DATE), NUMBER, "c.calendar.workdays_between({0}, {1})", True, "a 之后至 b 的工作日数"),
    "add_workdays": ((DATE, NUMBER), DATE, "c.calendar.add_workdays({0}, _length({1}))", True, "n 个工作日期限的末日"),
    "deadline": (
        (DATE, NUMBER),
        DATE,
        "c.calendar.calendar_deadline({0}, _length({1}))",
        True,
        "n 日期限的末日（末日为休息日的顺延）",
    ),
    "add_months": ((DATE, NUMBER), DATE, "_add_months({0}, _length({1}))", True, "n 个月后的同一日（不顺延）"),
    "month_deadline": (
        (DATE, NUMBER),
        DATE,
        "c.calendar.roll_to_workday(_add_months({0}, _length({1})))",
        True,
        "n 个月期限的末日（末日为休息日的顺延）",
    ),
    "count": (
        (LIST,),
        NUMBER,
        "(None if {0}.__class__ is _Open else len({0}))",
        False,
        "列表的项数（不完整的列表为未知）",
    ),
    "min": ((NUMBER, NUMBER), NUMBER, "min({0}, {1})", False, "较小值"),
    "max": ((NUMBER, NUMBER), NUMBER, "max({0}, {1})", False, "较大值"),
    "overlaps": (
        (LIST, LIST),
        BOOL,
        "(True if not set({0}).isdisjoint({1}) else None if _Open in ({0}.__class__, {1}.__class__) else False)",
        False,
        "两个列表有共同项",
    ),
}
# Functions that are total: they see unknown arguments instead of propagating them.
_TOTAL_FUNCTIONS = {"exists", "coalesce", "date", "choose"}
# Functions of constants that need no calendar: worked out at load time when every argument is constant.
_FOLDABLE = {"days", "add_months", "count", "min", "max"}
# Functions whose second argument is the length of a period (days, working days or months).
_PERIODS = {"add_workdays", "deadline", "add_months", "month_deadline"}
FUNCTION_NAMES = sorted([*_FUNCTIONS, *_TOTAL_FUNCTIONS])
# What each function means, in words a legal reviewer reads (an explanation names those a rule uses).
FUNCTION_DOCS: dict[str, str] = {
    "exists": "exists(x)：x 卷内有记载为是；x 所在部分完整而没有记载（已知没有）为否；否则未知",
    "coalesce": "coalesce(a, b, …)：a 有记载取 a；a 已知没有才取 b；a 未知则结果未知",
    "choose": "choose(条件, 甲, 乙)：条件成立取甲，否则取乙",
    "date": 'date("YYYY-MM-DD")：日期常量',
    "days": "days(a, b)：a 至 b 的日历日数",
    "workdays": "workdays(a, b)：a 之后至 b 的工作日数（法定节假日与调休按日历）",
    "add_workdays": "add_workdays(d, n)：自 d 起 n 个工作日期限的末日",
    "deadline": "deadline(d, n)：自 d 起 n 日期限的末日（末日为休息日的顺延）",
    "add_months": "add_months(d, n)：d 之后 n 个月的同一日（不顺延）",
    "month_deadline": "month_deadline(d, n)：自 d 起 n 个月期限的末日（末日为休息日的顺延）",
    "count": "count(列表)：列表的项数（卷内所见不完整的列表为未知）",
    "min": "min(a, b)：较小值",
    "max": "max(a, b)：较大值",
    "overlaps": "overlaps(列表1, 列表2)：两个列表有共同项",
}


def _shown(node: ast.expr) -> str:
    """Part of an expression as an error quotes it (cut short: a rule's expression may be very long)."""
    try:
        return shorten(ast.unparse(node), 80)
    except RecursionError:  # nested too deep to write out; the error's pointer shows where it is
        return "…"


def _escape(code: str) -> str:
    """Code put into a str.format template (string literals and set displays contain braces)."""
    return code.replace("{", "{{").replace("}", "}}")


# Generated code nests up to three parentheses per level and Python's parser stops at 200.
MAX_DEPTH = 50
# Shorter generated code cannot nest 200 parentheses deep nor reach the compiler's recursion limit;
# longer code (and/or of hundreds of parts) is compiled once at load time to be sure it can run.
_CHECKED_LENGTH = 400
TOO_COMPLEX = "表达式过于复杂（and/or 连接的条件过多或嵌套过深），请拆成派生事实（derived）或几条规则"


class _Compiler:
    def __init__(self, facts: Mapping[str, FactSpec]) -> None:
        self.facts = facts
        self.names: list[str] = []
        self.strict_names: list[str] = []
        self._lenient = 0
        self._temps = 0
        self._depth = 0

    def compile(self, node: ast.expr) -> _Node:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise ExprError(f"不支持的表达式语法 `{_shown(node)}` ({type(node).__name__})", node.col_offset)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise ExprError(f"表达式嵌套超过 {MAX_DEPTH} 层，请拆成派生事实（derived）或几条规则", node.col_offset)
        result: _Node = method(node)
        self._depth -= 1
        return result

    def _temp(self) -> str:
        self._temps += 1
        return f"_t{self._temps}"

    def _known(self, parts: list[_Node], result: str) -> tuple[str, bool]:
        """Code giving None when any part is unknown, else `result` formatted with the parts' values;
        and whether it cannot raise. Every part is evaluated before the check (see the module docstring),
        except where the parts after an unknown one cannot raise."""
        inline = [p.never_none and p.safe for p in parts]  # nothing to check, nothing to raise: written in place
        values = [p.code if written else self._temp() for p, written in zip(parts, inline, strict=True)]
        checks = [
            f"({v} := {p.code}) is None" for v, p, written in zip(values, parts, inline, strict=True) if not written
        ]
        safe = all(p.safe for p in parts)
        if not checks:
            return f"({result.format(*values)})", safe
        later_safe = all(p.safe for p in parts[1:])
        test = " or ".join(checks) if later_safe else " | ".join(f"({c})" for c in checks)
        return f"(None if {test} else {result.format(*values)})", safe

    # --- leaves ---------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool):
            kind = BOOL
        elif isinstance(value, int | float):
            kind = NUMBER
            if isinstance(value, int) and abs(value) > MAX_INTEGER:
                raise ExprError("整数过大（超过 10^18），不是数额或日数", node.col_offset)
        elif isinstance(value, str):
            kind = TEXT
            bad = lone_surrogate(value)
            if bad is not None:
                raise ExprError(f"文字中有无法保存的字符 {bad}（单独的代理码位）", node.col_offset)
        else:
            raise ExprError(f"不支持的常量 {shorten(repr(value))}", node.col_offset)
        return _Node(kind, literal_code(value), literal=value, is_literal=True, never_none=True, constant=True)

    def _List(self, node: ast.List) -> _Node:
        items = [self.compile(item) for item in node.elts]
        if not all(item.is_literal and item.type == TEXT for item in items):
            raise ExprError("列表字面量只能包含文字常量", node.col_offset)
        values = tuple(item.literal for item in items)
        return _Node(LIST, repr(values), literal=values, is_literal=True, never_none=True, constant=True)

    def _dotted(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return f"{self._dotted(node.value)}.{node.attr}"
        raise ExprError(f"`{_shown(node)}` 不是事实名称", node.col_offset)

    def _names_since(self, start: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.names[start:]))

    def _fact(self, node: ast.expr) -> _Node:
        name = self._dotted(node)
        spec = self.facts.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(self.facts), n=1, cutoff=0.6)
            raise ExprError(
                f"未知事实 `{name}` (unknown fact)",
                node.col_offset,
                f"did you mean `{close[0]}`?" if close else "see `pingcha rules facts` for the fact model",
            )
        self.names.append(name)
        if not self._lenient:
            self.strict_names.append(name)
        return _Node(spec.type, f"f[{name!r}]", values=spec.values, fact=name)

    _Name = _fact
    _Attribute = _fact

    # --- logic ----------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> _Node:
        parts = [self._expect(self.compile(v), BOOL, v) for v in node.values]
        temps = [self._temp() for _ in parts]
        # Kleene: the first decisive part (False for and, True for or) decides; else unknown if any part is
        decisive, other = ("False", "True") if isinstance(node.op, ast.And) else ("True", "False")
        steps = [f"{decisive} if ({t} := {p.code}) is {decisive} else " for t, p in zip(temps, parts, strict=True)]
        unknown = " or ".join(f"{t} is None" for t, p in zip(temps, parts, strict=True) if not p.never_none)
        last = f"None if {unknown} else {other}" if unknown else other
        code = f"({''.join(steps)}{last})"
        return _Node(BOOL, code, safe=all(p.safe for p in parts), never_none=not unknown)

    def _UnaryOp(self, node: ast.UnaryOp) -> _Node:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            self._expect(operand, BOOL, node.operand)
            code, safe = self._known([operand], "not {0}")
            return self._folded(_Node(BOOL, code, safe=safe), [operand], node)
        if isinstance(node.op, ast.USub):
            self._expect(operand, NUMBER, node.operand)
            code, safe = self._known([operand], "-{0}")
            return self._folded(_Node(NUMBER, code, safe=safe), [operand], node)
        raise ExprError(f"不支持的运算 `{_shown(node)}`", node.col_offset)

    def _BinOp(self, node: ast.BinOp) -> _Node:
        left, right = self.compile(node.left), self.compile(node.right)
        op = _ARITH.get(type(node.op))
        if op is None:
            raise ExprError(f"不支持的运算 `{_shown(node)}`", node.col_offset)
        self._expect(left, NUMBER, node.left)
        self._expect(right, NUMBER, node.right)
        if op == "/" and right.constant and right.literal == 0:
            raise ExprError(f"除数 {_shown(node.right)} 为 0，无法计算", node.right.col_offset)
        if op == "/":  # a zero divisor raises OutOfRange naming it
            shown = literal_code(_shown(node.right))
            code, safe = self._known([left, right], f"_divide({{0}}, {{1}}, {_escape(shown)})")
        else:
            code, safe = self._known([left, right], f"{{0}} {op} {{1}}")
        result = _Node(NUMBER, code, safe=safe and op != "/", never_none=left.never_none and right.never_none)
        return self._folded(result, [left, right], node)

    def _Compare(self, node: ast.Compare) -> _Node:
        if len(node.ops) != 1:
            raise ExprError("每次只能比较两个值（请用 and 连接）", node.col_offset)
        op_node = node.ops[0]
        membership = isinstance(op_node, ast.In | ast.NotIn)
        op = _COMPARE.get(type(op_node))
        if op is None and not membership:
            raise ExprError("不支持的比较运算（`is` 请改用 exists()）", node.col_offset)
        left, right = self.compile(node.left), self.compile(node.comparators[0])
        if op is None:
            return self._membership(left, right, isinstance(op_node, ast.NotIn), node)
        if left.type != right.type:
            raise ExprError(f"不能比较 {left.type} 与 {right.type}: `{_shown(node)}`", node.col_offset)
        if left.type in (BOOL, LIST, TEXT) and not isinstance(op_node, ast.Eq | ast.NotEq):
            raise ExprError(f"{left.type} 只能用 == 或 != 比较", node.col_offset)
        self._check_enum(left, right, node)
        return self._binary(left, right, f"{{0}} {op} {{1}}")

    def _binary(self, left: _Node, right: _Node, result: str) -> _Node:
        """A comparison: a literal side is written in place, the other sides go through `_known`."""
        if right.is_literal:
            code, safe = self._known([left], result.format("{0}", _escape(right.code)))
        elif left.is_literal:
            code, safe = self._known([right], result.format(_escape(left.code), "{0}"))
        else:
            code, safe = self._known([left, right], result)
        return _Node(BOOL, code, safe=safe)

    def _membership(self, left: _Node, right: _Node, negate: bool, node: ast.expr) -> _Node:
        if right.type != LIST:
            raise ExprError(f"`in` 右边必须是列表: `{_shown(node)}`", node.col_offset)
        if left.type != TEXT:
            raise ExprError(f"`in` 左边必须是文字: `{_shown(node)}`", node.col_offset)
        self._check_enum(left, right, node)
        operator = "not in" if negate else "in"
        if right.is_literal and right.literal:  # a set display after `in` is compiled to a frozenset constant
            displayed = "{" + ", ".join(repr(v) for v in right.literal) + "}"
            right = _Node(LIST, displayed, literal=right.literal, is_literal=True)
        if right.is_literal:
            return self._binary(left, right, f"{{0}} {operator} {{1}}")
        # a list fact may be open: an item it does not show may still be there
        found, missing = ("False", "True") if negate else ("True", "False")
        return self._binary(
            left, right, f"{found} if {{0}} in {{1}} else None if {{1}}.__class__ is _Open else {missing}"
        )

    def _check_enum(self, left: _Node, right: _Node, node: ast.expr) -> None:
        for fact, other in ((left, right), (right, left)):
            if fact.values is None or not other.is_literal:
                continue
            literals = other.literal if isinstance(other.literal, tuple) else (other.literal,)
            for literal in literals:
                if literal not in fact.values:
                    close = difflib.get_close_matches(str(literal), sorted(fact.values), n=1, cutoff=0.3)
                    raise ExprError(
                        f"`{literal}` 不是该事实的取值之一",
                        node.col_offset,
                        f"did you mean `{close[0]}`?" if close else f"allowed: {'、'.join(sorted(fact.values))}",
                    )

    # --- calls ----------------------------------------------------------------------------
    def _Call(self, node: ast.Call) -> _Node:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise ExprError(f"不支持的调用 `{_shown(node)}`", node.col_offset)
        name = node.func.id
        lenient = name in ("exists", "coalesce")
        self._lenient += lenient
        args, reads = [], []
        for a in node.args:
            start = len(self.names)
            args.append(self.compile(a))
            reads.append(self._names_since(start))
        self._lenient -= lenient
        if name == "exists":
            self._arity(name, args, 1, node)
            arg = args[0]
            if arg.never_none:
                return _Node(BOOL, "True", never_none=True, safe=arg.safe)
            temp = self._temp()
            absent = self._absent_test(arg, reads[0])
            code = f"(True if ({temp} := {arg.code}) is not None else False if {absent} else None)"
            return _Node(BOOL, code, safe=arg.safe)
        if name == "coalesce":
            if len(args) < 2 or len({a.type for a in args}) != 1:
                raise ExprError("coalesce() 需要两个以上同类型的参数", node.col_offset)
            code = "None"
            for arg, names in reversed(list(zip(args, reads, strict=True))):
                if arg.never_none:  # a value that is never unknown ends the chain
                    code = arg.code
                    continue
                temp = self._temp()
                # the next argument only past a known absence: an unknown value stays unknown
                code = f"({temp} if ({temp} := {arg.code}) is not None else {code} if {self._absent_test(arg, names)} else None)"
            return _Node(
                args[0].type,
                code,
                values=args[0].values,
                safe=all(a.safe for a in args),
                never_none=args[0].never_none,
            )
        if name == "choose":
            self._arity(name, args, 3, node)
            self._expect(args[0], BOOL, node.args[0])
            if args[1].type != args[2].type:
                raise ExprError("choose(条件, 甲, 乙) 的甲、乙须为同一类型", node.col_offset)
            cond, when_true, when_false = args
            picked = self._temp()
            code = (
                f"(None if ({picked} := {cond.code}) is None else {when_true.code} if {picked} else {when_false.code})"
            )
            return _Node(args[1].type, code, values=args[1].values, safe=all(a.safe for a in args))
        if name == "date":
            self._arity(name, args, 1, node)
            if not (args[0].is_literal and args[0].type == TEXT):
                raise ExprError('date() 需要 "YYYY-MM-DD" 形式的文字', node.col_offset)
            try:
                value = dt.date.fromisoformat(args[0].literal)
            except ValueError:
                raise ExprError(f'date("{args[0].literal}") 不是有效日期', node.col_offset) from None
            return _Node(DATE, date_constant(value), literal=value, never_none=True, constant=True)
        spec = _FUNCTIONS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, FUNCTION_NAMES, n=1)
            raise ExprError(
                f"未知函数 `{name}()`",
                node.col_offset,
                f"did you mean `{close[0]}()`?" if close else f"functions: {', '.join(FUNCTION_NAMES)}",
            )
        arg_types, result, template, raises, _ = spec
        self._arity(name, args, len(arg_types), node)
        for arg, expected, arg_node in zip(args, arg_types, node.args, strict=True):
            self._expect(arg, expected, arg_node)
        if name == "overlaps":
            self._check_enum(args[0], args[1], node)
        if name in _PERIODS and args[1].constant:
            self._check_length(args[1], node.args[1])
        code, safe = self._known(args, template)
        called = _Node(result, code, safe=safe and not raises)
        return self._folded(called, args, node) if name in _FOLDABLE else called

    @staticmethod
    def _check_length(length: _Node, node: ast.expr) -> None:
        """A period of constant length that no date can span is an error in the rule, not 无法判定 in every case."""
        try:
            period_length(length.literal)
        except OutOfRange as exc:
            raise ExprError(str(exc), node.col_offset) from None

    @staticmethod
    def _folded(result: _Node, parts: list[_Node], node: ast.expr) -> _Node:
        """A part whose operands are all constant, worked out now: one with no answer (a division by
        zero, a date past 9999-12-31) is an error in the rule, not 无法判定 in every case."""
        if not all(part.constant for part in parts):
            return result
        try:
            value = build_functions(f"def value():\n return {result.code}\n", "<constant>")["value"]()
        except Undecidable as exc:
            raise ExprError(f"`{_shown(node)}` 无法计算：{exc}", node.col_offset) from None
        return replace(result, constant=True, literal=value)

    @staticmethod
    def _absent_test(arg: _Node, names: tuple[str, ...]) -> str:
        """Code telling, once `arg` has no value, whether that is a known absence (else: unknown)."""
        if arg.fact is not None:
            return f"({arg.fact!r} in a)"
        return f"_all_absent(c, {names!r})" if names else "False"

    @staticmethod
    def _arity(name: str, args: list[_Node], expected: int, node: ast.expr) -> None:
        if len(args) != expected:
            raise ExprError(f"{name}() 需要 {expected} 个参数，实际 {len(args)} 个", node.col_offset)

    @staticmethod
    def _expect(part: _Node, expected: str, node: ast.expr) -> _Node:
        if part.type != expected:
            raise ExprError(f"`{_shown(node)}` 的类型是 {part.type}，此处需要 {expected}", node.col_offset)
        return part


def one_line(source: str) -> str:
    """Expression text as compiled and as shown in errors: YAML line breaks become single spaces."""
    return " ".join(source.split())


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> ast.expr:
    """An expression's syntax tree, which the compiler only reads. Cached: a profile's rules are compiled
    for each case type, and profiles extending national share its rules (five profiles: 3,733
    expressions, 560 texts). Parenthesised so that an expression may span lines; columns are shifted
    back by one."""
    return ast.parse(f"({text})", mode="eval").body


def compile_expression(source: str, facts: Mapping[str, FactSpec], want: str | None = None) -> Compiled:
    """Compile rule text into Python code over a Context; raise ExprError on any problem."""
    text = one_line(source)
    try:
        tree = _parse(text)
    except SyntaxError as exc:  # its offset counts characters from 1, of the parenthesised text
        before = text[: max((exc.offset or 2) - 2, 0)]
        raise ExprError(f"表达式语法错误: {exc.msg}", len(before.encode())) from None
    except (RecursionError, MemoryError):  # Python's parser gives up on deep nesting (`not not … x`)
        raise ExprError(f"表达式嵌套超过 {MAX_DEPTH} 层，请拆成派生事实（derived）或几条规则") from None
    compiler = _Compiler(facts)
    try:
        node = compiler.compile(tree)
    except ExprError as exc:
        raise ExprError(exc.message, max(exc.col - 1, 0), exc.help) from None
    if want is not None and node.type != want:
        raise ExprError(f"表达式的类型是 {node.type}，此处需要 {want}")
    if len(node.code) > _CHECKED_LENGTH:
        try:
            compile(node.code, "<pingcha>", "eval")
        except (SyntaxError, RecursionError, MemoryError):
            raise ExprError(TOO_COMPLEX) from None
    return Compiled(
        text,
        node.type,
        node.code,
        tuple(dict.fromkeys(compiler.names)),
        tuple(dict.fromkeys(compiler.strict_names)),
    )
