"""The condition language: a safe, typed subset of Python expression syntax, compiled to closures.

Rule text is parsed with `ast.parse(mode="eval")` and only whitelisted nodes are accepted; it is
never passed to eval. Every dotted name must be a declared fact, every string compared with an
enumerated fact must be one of its values, and operand types must agree — all checked at load time.

Evaluation is three-valued: a fact whose value is None is unknown, and unknown propagates
(Kleene logic for and/or/not) so that missing data gives 无法判定, never a silent pass.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.workcal import WorkCalendar, add_months

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
    """A compile error; `col` is the 0-based offset in the expression text."""

    def __init__(self, message: str, col: int = 0, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.help = help


@dataclass
class Compiled:
    """A compiled expression: its closure, static type and the facts it reads."""

    source: str
    type: str
    run: Evaluator
    names: tuple[str, ...] = field(default_factory=tuple)
    # names read outside exists()/coalesce(): when one is unknown, it explains an unknown result
    strict_names: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Node:
    type: str
    run: Evaluator
    values: frozenset[str] | None = None
    literal: Any = None
    is_literal: bool = False
    # Set on a bare fact read (`fact`) and on `exists(fact)` (`exists_of`): parents then read the fact
    # in their own closure instead of calling one more (a rulebook evaluates ~1,500 nodes per case).
    fact: str | None = None
    exists_of: str | None = None


class Context:
    """What compiled expressions evaluate against: the facts and the working-day calendar."""

    def __init__(self, facts: Facts, calendar: WorkCalendar) -> None:
        self.facts = facts
        self.calendar = calendar


# The operator module's functions are C calls: cheaper per evaluation than lambdas.
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITH: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


# name: (argument types, result type, implementation taking the context first)
_FUNCTIONS: dict[str, tuple[tuple[str, ...], str, Callable[..., Any], str]] = {
    "days": ((DATE, DATE), NUMBER, lambda ctx, a, b: (b - a).days, "b − a 的日历日数"),
    "workdays": (
        (DATE, DATE),
        NUMBER,
        lambda ctx, a, b: ctx.calendar.workdays_between(a, b),
        "a 之后至 b 的工作日数",
    ),
    "add_workdays": (
        (DATE, NUMBER),
        DATE,
        lambda ctx, d, n: ctx.calendar.add_workdays(d, int(n)),
        "n 个工作日期限的末日",
    ),
    "deadline": (
        (DATE, NUMBER),
        DATE,
        lambda ctx, d, n: ctx.calendar.calendar_deadline(d, int(n)),
        "n 日期限的末日（末日为休息日的顺延）",
    ),
    "add_months": ((DATE, NUMBER), DATE, lambda ctx, d, n: add_months(d, int(n)), "n 个月后的同一日（不顺延）"),
    "month_deadline": (
        (DATE, NUMBER),
        DATE,
        lambda ctx, d, n: ctx.calendar.roll_to_workday(add_months(d, int(n))),
        "n 个月期限的末日（末日为休息日的顺延）",
    ),
    "count": ((LIST,), NUMBER, lambda ctx, items: len(items), "列表的项数"),
    "min": ((NUMBER, NUMBER), NUMBER, lambda ctx, a, b: min(a, b), "较小值"),
    "max": ((NUMBER, NUMBER), NUMBER, lambda ctx, a, b: max(a, b), "较大值"),
    "overlaps": ((LIST, LIST), BOOL, lambda ctx, a, b: not set(a).isdisjoint(b), "两个列表有共同项"),
}
# Functions that are total: they see unknown arguments instead of propagating them.
_TOTAL_FUNCTIONS = {"exists", "coalesce", "date", "choose"}
FUNCTION_NAMES = sorted([*_FUNCTIONS, *_TOTAL_FUNCTIONS])


class _Compiler:
    def __init__(self, facts: Mapping[str, FactSpec]) -> None:
        self.facts = facts
        self.names: list[str] = []
        self.strict_names: list[str] = []
        self._lenient = 0

    def compile(self, node: ast.expr) -> _Node:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise ExprError(f"不支持的表达式语法 `{ast.unparse(node)}` ({type(node).__name__})", node.col_offset)
        result: _Node = method(node)
        return result

    # --- leaves ---------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool):
            kind = BOOL
        elif isinstance(value, int | float):
            kind = NUMBER
        elif isinstance(value, str):
            kind = TEXT
        else:
            raise ExprError(f"不支持的常量 {value!r}", node.col_offset)
        return _Node(kind, lambda ctx: value, literal=value, is_literal=True)

    def _List(self, node: ast.List) -> _Node:
        items = [self.compile(item) for item in node.elts]
        if not all(item.is_literal and item.type == TEXT for item in items):
            raise ExprError("列表字面量只能包含文字常量", node.col_offset)
        values = tuple(item.literal for item in items)
        return _Node(LIST, lambda ctx: values, literal=values, is_literal=True)

    def _dotted(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return f"{self._dotted(node.value)}.{node.attr}"
        raise ExprError(f"`{ast.unparse(node)}` 不是事实名称", node.col_offset)

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
        return _Node(spec.type, lambda ctx: ctx.facts[name], values=spec.values, fact=name)

    _Name = _fact
    _Attribute = _fact

    # --- logic ----------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> _Node:
        parts = [self._expect(self.compile(v), BOOL, v) for v in node.values]
        runs = [p.run for p in parts]
        if len(runs) == 2:
            return _Node(BOOL, _and2(*runs) if isinstance(node.op, ast.And) else _or2(*runs))
        if len(runs) == 3 and isinstance(node.op, ast.And):
            return _Node(BOOL, _and3(*runs))
        if isinstance(node.op, ast.And):

            def run_and(ctx: Context) -> bool | None:
                unknown = False
                for part in runs:
                    value = part(ctx)
                    if value is False:
                        return False
                    if value is None:
                        unknown = True
                return None if unknown else True

            return _Node(BOOL, run_and)

        def run_or(ctx: Context) -> bool | None:
            unknown = False
            for part in runs:
                value = part(ctx)
                if value is True:
                    return True
                if value is None:
                    unknown = True
            return None if unknown else False

        return _Node(BOOL, run_or)

    def _UnaryOp(self, node: ast.UnaryOp) -> _Node:
        operand = self.compile(node.operand)
        inner = operand.run
        if isinstance(node.op, ast.Not):
            self._expect(operand, BOOL, node.operand)
            if operand.exists_of is not None:
                name = operand.exists_of
                return _Node(BOOL, lambda ctx: ctx.facts[name] is None)
            return _Node(BOOL, lambda ctx: None if (v := inner(ctx)) is None else not v)
        if isinstance(node.op, ast.USub):
            self._expect(operand, NUMBER, node.operand)
            return _Node(NUMBER, lambda ctx: None if (v := inner(ctx)) is None else -v)
        raise ExprError(f"不支持的运算 `{ast.unparse(node)}`", node.col_offset)

    def _BinOp(self, node: ast.BinOp) -> _Node:
        left, right = self.compile(node.left), self.compile(node.right)
        op = _ARITH.get(type(node.op))
        if op is None:
            raise ExprError(f"不支持的运算 `{ast.unparse(node)}`", node.col_offset)
        self._expect(left, NUMBER, node.left)
        self._expect(right, NUMBER, node.right)
        lrun, rrun = left.run, right.run

        def run(ctx: Context) -> Any:
            a, b = lrun(ctx), rrun(ctx)
            if a is None or b is None:
                return None
            return op(a, b)

        return _Node(NUMBER, run)

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
            raise ExprError(f"不能比较 {left.type} 与 {right.type}: `{ast.unparse(node)}`", node.col_offset)
        if left.type in (BOOL, LIST, TEXT) and not isinstance(op_node, ast.Eq | ast.NotEq):
            raise ExprError(f"{left.type} 只能用 == 或 != 比较", node.col_offset)
        self._check_enum(left, right, node)
        return _Node(BOOL, _compare(op, left, right))

    def _membership(self, left: _Node, right: _Node, negate: bool, node: ast.expr) -> _Node:
        if right.type != LIST:
            raise ExprError(f"`in` 右边必须是列表: `{ast.unparse(node)}`", node.col_offset)
        if left.type != TEXT:
            raise ExprError(f"`in` 左边必须是文字: `{ast.unparse(node)}`", node.col_offset)
        self._check_enum(left, right, node)
        return _Node(BOOL, _membership(left, right, negate))

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
            raise ExprError(f"不支持的调用 `{ast.unparse(node)}`", node.col_offset)
        name = node.func.id
        lenient = name in ("exists", "coalesce")
        self._lenient += lenient
        args = [self.compile(a) for a in node.args]
        self._lenient -= lenient
        if name == "exists":
            self._arity(name, args, 1, node)
            inner = args[0].run
            fact = args[0].fact
            if fact is not None:
                return _Node(BOOL, lambda ctx: ctx.facts[fact] is not None, exists_of=fact)
            return _Node(BOOL, lambda ctx: inner(ctx) is not None)
        if name == "coalesce":
            if len(args) < 2 or len({a.type for a in args}) != 1:
                raise ExprError("coalesce() 需要两个以上同类型的参数", node.col_offset)
            return _Node(args[0].type, _coalesce(args), values=args[0].values)
        if name == "choose":
            self._arity(name, args, 3, node)
            self._expect(args[0], BOOL, node.args[0])
            if args[1].type != args[2].type:
                raise ExprError("choose(条件, 甲, 乙) 的甲、乙须为同一类型", node.col_offset)
            cond, when_true, when_false = (a.run for a in args)

            def run_choose(ctx: Context) -> Any:
                picked = cond(ctx)
                if picked is None:
                    return None
                return when_true(ctx) if picked else when_false(ctx)

            return _Node(args[1].type, run_choose, values=args[1].values)
        if name == "date":
            self._arity(name, args, 1, node)
            if not (args[0].is_literal and args[0].type == TEXT):
                raise ExprError('date() 需要 "YYYY-MM-DD" 形式的文字', node.col_offset)
            try:
                value = dt.date.fromisoformat(args[0].literal)
            except ValueError:
                raise ExprError(f'date("{args[0].literal}") 不是有效日期', node.col_offset) from None
            return _Node(DATE, lambda ctx: value)
        spec = _FUNCTIONS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, FUNCTION_NAMES, n=1)
            raise ExprError(
                f"未知函数 `{name}()`",
                node.col_offset,
                f"did you mean `{close[0]}()`?" if close else f"functions: {', '.join(FUNCTION_NAMES)}",
            )
        arg_types, result, impl, _ = spec
        self._arity(name, args, len(arg_types), node)
        for arg, expected, arg_node in zip(args, arg_types, node.args, strict=True):
            self._expect(arg, expected, arg_node)
        if name == "overlaps":
            self._check_enum(args[0], args[1], node)
        return _Node(result, _call(impl, args))

    @staticmethod
    def _arity(name: str, args: list[_Node], expected: int, node: ast.expr) -> None:
        if len(args) != expected:
            raise ExprError(f"{name}() 需要 {expected} 个参数，实际 {len(args)} 个", node.col_offset)

    @staticmethod
    def _expect(part: _Node, expected: str, node: ast.expr) -> _Node:
        if part.type != expected:
            raise ExprError(f"`{ast.unparse(node)}` 的类型是 {part.type}，此处需要 {expected}", node.col_offset)
        return part


# --- closure builders ---------------------------------------------------------------------------
# Each keeps the evaluation order of the general form (left before right, every argument of a call
# before the unknown check), so a CalendarGap is raised, or not, exactly as before; they only save
# the closure calls of bare fact reads and literals.


def _and2(first: Evaluator, second: Evaluator) -> Evaluator:
    def run(ctx: Context) -> bool | None:
        a = first(ctx)
        if a is False:
            return False
        b = second(ctx)
        if b is False:
            return False
        return None if a is None or b is None else True

    return run


def _and3(first: Evaluator, second: Evaluator, third: Evaluator) -> Evaluator:
    def run(ctx: Context) -> bool | None:
        a = first(ctx)
        if a is False:
            return False
        b = second(ctx)
        if b is False:
            return False
        c = third(ctx)
        if c is False:
            return False
        return None if a is None or b is None or c is None else True

    return run


def _or2(first: Evaluator, second: Evaluator) -> Evaluator:
    def run(ctx: Context) -> bool | None:
        a = first(ctx)
        if a is True:
            return True
        b = second(ctx)
        if b is True:
            return True
        return None if a is None or b is None else False

    return run


def _compare(op: Callable[[Any, Any], Any], left: _Node, right: _Node) -> Evaluator:
    lfact, rfact = left.fact, right.fact
    if lfact is not None and right.is_literal:
        value = right.literal
        if op is operator.eq:
            return lambda ctx: None if (a := ctx.facts[lfact]) is None else a == value
        return lambda ctx: None if (a := ctx.facts[lfact]) is None else op(a, value)
    if rfact is not None and left.is_literal:
        value = left.literal
        return lambda ctx: None if (b := ctx.facts[rfact]) is None else op(value, b)
    if lfact is not None and rfact is not None:

        def run_facts(ctx: Context) -> bool | None:
            facts = ctx.facts
            a, b = facts[lfact], facts[rfact]
            if a is None or b is None:
                return None
            return op(a, b)  # type: ignore[no-any-return]

        return run_facts
    lrun, rrun = left.run, right.run

    def run(ctx: Context) -> bool | None:
        a, b = lrun(ctx), rrun(ctx)
        if a is None or b is None:
            return None
        return op(a, b)  # type: ignore[no-any-return]

    return run


def _membership(left: _Node, right: _Node, negate: bool) -> Evaluator:
    lfact, rfact = left.fact, right.fact
    if rfact is not None and left.is_literal:
        item = left.literal
        if negate:
            return lambda ctx: None if (b := ctx.facts[rfact]) is None else item not in b
        return lambda ctx: None if (b := ctx.facts[rfact]) is None else item in b
    if lfact is not None and right.is_literal:
        allowed = frozenset(right.literal)
        if negate:
            return lambda ctx: None if (a := ctx.facts[lfact]) is None else a not in allowed
        return lambda ctx: None if (a := ctx.facts[lfact]) is None else a in allowed
    lrun, rrun = left.run, right.run

    def run(ctx: Context) -> bool | None:
        a, b = lrun(ctx), rrun(ctx)
        if a is None or b is None:
            return None
        return (a in b) != negate

    return run


def _coalesce(args: list[_Node]) -> Evaluator:
    if len(args) == 2 and args[0].fact is not None:
        name, second = args[0].fact, args[1]
        if second.is_literal:
            value = second.literal
            return lambda ctx: value if (a := ctx.facts[name]) is None else a
        if second.fact is not None:
            other = second.fact
            return lambda ctx: ctx.facts[other] if (a := ctx.facts[name]) is None else a
    runs = [a.run for a in args]

    def run(ctx: Context) -> Any:
        for part in runs:
            value = part(ctx)
            if value is not None:
                return value
        return None

    return run


def _call(impl: Callable[..., Any], args: list[_Node]) -> Evaluator:
    if len(args) == 1:
        only = args[0]
        if only.fact is not None:
            name = only.fact
            return lambda ctx: None if (a := ctx.facts[name]) is None else impl(ctx, a)
        inner = only.run
        return lambda ctx: None if (a := inner(ctx)) is None else impl(ctx, a)
    if len(args) == 2:
        first, second = args
        if first.fact is not None and second.fact is not None:
            lname, rname = first.fact, second.fact

            def run_facts(ctx: Context) -> Any:
                facts = ctx.facts
                a, b = facts[lname], facts[rname]
                if a is None or b is None:
                    return None
                return impl(ctx, a, b)

            return run_facts
        lrun, rrun = first.run, second.run

        def run2(ctx: Context) -> Any:
            a, b = lrun(ctx), rrun(ctx)
            if a is None or b is None:
                return None
            return impl(ctx, a, b)

        return run2
    runs = [a.run for a in args]

    def run(ctx: Context) -> Any:
        values = [part(ctx) for part in runs]
        if any(v is None for v in values):
            return None
        return impl(ctx, *values)

    return run


def one_line(source: str) -> str:
    """Expression text as compiled and as shown in errors: YAML line breaks become single spaces."""
    return " ".join(source.split())


def compile_expression(source: str, facts: Mapping[str, FactSpec], want: str | None = None) -> Compiled:
    """Compile rule text into a closure over a Context; raise ExprError on any problem."""
    text = one_line(source)
    try:  # parenthesised so that an expression may span lines; columns are shifted back by one
        tree = ast.parse(f"({text})", mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"表达式语法错误: {exc.msg}", max((exc.offset or 2) - 2, 0)) from None
    compiler = _Compiler(facts)
    try:
        node = compiler.compile(tree.body)
    except ExprError as exc:
        raise ExprError(exc.message, max(exc.col - 1, 0), exc.help) from None
    if want is not None and node.type != want:
        raise ExprError(f"表达式的类型是 {node.type}，此处需要 {want}")
    return Compiled(
        text,
        node.type,
        node.run,
        tuple(dict.fromkeys(compiler.names)),
        tuple(dict.fromkeys(compiler.strict_names)),
    )
