"""Chinese for click's own words: usage lines, help headings, and the errors it reports for a bad command line.

click marks its texts for gettext (`_()`, `ngettext()`), each of its modules binding them at import.
`install()` rebinds them in those modules to the catalogue below, whatever the locale of the machine
(an office PC's may well be C or en_US): users read no English. A text not in the catalogue is left as
click wrote it. Commands and groups made by `Group` show `[选项]` and `命令 [参数]...` in usage lines.
"""

from __future__ import annotations

from typing import Any

import click

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")

CATALOGUE = {
    # usage and help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    # errors in a command line
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项 {name}。",  # click 8.1
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要用其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要给出一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要给出 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，给出了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给出了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给出了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给出了 {len_value} 个。",
    "Value must be an iterable.": "取值必须是一组值。",
    "unknown error": "未知错误",
    "Aborted!": "已中止。",
    # values of the wrong kind
    "{value!r} is not {choice}.": "{value!r} 不是可用的值（只能是 {choice}）。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可用的值（可用：{choices}）。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值（可用：{states}）。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    # prompts
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不经询问，直接确认。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def install() -> None:
    """Make click speak Chinese. Call before commands are declared: some texts are read at declaration."""
    for name in CLICK_MODULES:
        module = getattr(click, name)
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


class Command(click.Command):
    """A command whose usage line reads `[选项]`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A group whose usage line reads `[选项] 命令 [参数]...`; its commands and subgroups are alike."""

    command_class = Command
    group_class = type  # subgroups: this class

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


class Date(click.DateTime):
    """A date written 年-月-日 (2026-11-21); a datetime at midnight, as click.DateTime gives."""

    def __init__(self) -> None:
        super().__init__(["%Y-%m-%d"])

    def get_metavar(self, *args: Any, **kwargs: Any) -> str:  # click 8.1 and 8.2+ differ in parameters
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} 不是有效的日期：应写成 年-月-日，如 2026-11-21", param, ctx)
