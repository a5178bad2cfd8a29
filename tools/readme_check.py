"""Run the README's transcripts and show where what the commands print now differs from what it shows.

A transcript is a plain fenced block (no language) whose lines start with `$ `: each command runs in
turn, from one copy of the checkout for the whole README (a later block may read what an earlier one
wrote, as a reader following the page would; a `cd` lasts to the end of its block), with the installed
`pingcha` first on PATH. What the command prints (stdout and stderr, as a terminal shows them) is
compared line by line with the lines below it up to the next `$ `; trailing spaces do not count. In
the README, a line `…` stands for any number of lines, and a line ending in `…` for any line that
begins with the text before it. Directives in HTML comments before a block (invisible on the page):
`<!-- readme-check: skip REASON -->` does not run it (a server that must be started, a rulebook edited
by hand first); `<!-- readme-check: setup COMMAND -->` runs COMMAND first, unchecked (what the reader
did by hand, such as filling in a workbook).

    python tools/readme_check.py [README.md] [--keep DIR]

Exit 1 when a transcript differs; the differences are listed with the README's line numbers.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DIRECTIVE = re.compile(r"<!--\s*readme-check:\s*(skip|setup)\b(.*?)-->")
FENCE = re.compile(r"^```(\S*)\s*$")
ELLIPSIS = "…"


@dataclass
class Command:
    line: int  # the README's line of the `$ ` command
    text: str
    expected: list[str]


@dataclass
class Block:
    line: int
    commands: list[Command]
    skip: str | None  # the reason given, when the block is not run
    setup: list[str]  # commands run first, unchecked


def transcripts(text: str) -> list[Block]:
    """The README's transcript blocks, in order."""
    blocks: list[Block] = []
    lines = text.split("\n")
    index = 0
    skip: str | None = None
    setup: list[str] = []
    while index < len(lines):
        for kind, argument in DIRECTIVE.findall(lines[index]):
            if kind == "skip":
                skip = argument.strip() or "—"
            else:
                setup.append(argument.strip())
        fence = FENCE.match(lines[index].strip())
        if not fence:
            index += 1
            continue
        end = next((n for n in range(index + 1, len(lines)) if lines[n].strip() == "```"), len(lines))
        if fence.group(1) == "":
            commands = _commands(lines, index + 1, end)
            if commands:
                blocks.append(Block(index + 1, commands, skip, setup))
        skip, setup = None, []
        index = end + 1
    return blocks


def _commands(lines: list[str], start: int, end: int) -> list[Command]:
    commands: list[Command] = []
    for number in range(start, end):
        line = lines[number]
        if line.startswith("$ "):
            commands.append(Command(number + 1, line[2:], []))
        elif commands:
            commands[-1].expected.append(line)
    return commands


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the printed lines fit the README's, with `…` lines as wildcards."""
    want = [line.rstrip() for line in expected]
    got = [line.rstrip() for line in actual]
    while want and not want[-1]:
        want.pop()
    while got and not got[-1]:
        got.pop()
    return _fit(want, got)


def _fit(want: list[str], got: list[str]) -> bool:
    if not want:
        return not got
    head = want[0]
    if head.strip() == ELLIPSIS:
        return any(_fit(want[1:], got[skip:]) for skip in range(len(got) + 1))
    if not got:
        return False
    if head.endswith(ELLIPSIS):
        fits = got[0].startswith(head[: -len(ELLIPSIS)].rstrip())
    else:
        fits = got[0] == head
    return fits and _fit(want[1:], got[1:])


def scratch(repo: Path, folder: Path) -> None:
    """A copy of the checkout's files (tracked and new, as they are now): the commands see the checkout
    as a reader's clone, and nothing they write lands in it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = repo / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def run(command: Command, cwd: Path, env: dict[str, str]) -> tuple[list[str], Path]:
    """The lines the command prints and the folder the next command runs in (a `cd` moves it)."""
    moved = re.fullmatch(r"cd\s+(\S+)", command.text.strip())
    if moved:
        target = (cwd / moved.group(1)).resolve()
        target.mkdir(parents=True, exist_ok=True)
        return [], target
    done = subprocess.run(
        ["bash", "-c", command.text],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    return done.stdout.split("\n"), cwd


def check(readme: Path, work: Path) -> int:
    repo = readme.resolve().parent
    scratch(repo, work)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    failures = ran = 0
    for block in transcripts(readme.read_text(encoding="utf-8")):
        if block.skip:
            print(f"{readme.name}:{block.line}: not run ({block.skip})")
            continue
        cwd = work  # each block starts in the checkout, as the README's reader does
        for text in block.setup:
            subprocess.run(["bash", "-c", text], cwd=cwd, env=env, capture_output=True, timeout=600, check=False)
        for command in block.commands:
            printed, cwd = run(command, cwd, env)
            ran += 1
            if matches(command.expected, printed):
                continue
            failures += 1
            print(f"{readme.name}:{command.line}: $ {command.text}")
            for line in difflib.unified_diff(command.expected, printed, "README", "now", lineterm="", n=1):
                print("    " + line)
    print(f"{ran} commands run, {failures} differ from the README")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=Path("README.md"))
    parser.add_argument("--keep", type=Path, help="run in this (new, empty) folder and keep what was written")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        return check(args.readme, args.keep)
    work = Path(tempfile.mkdtemp(prefix="pingcha-readme-"))
    try:
        return check(args.readme, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
