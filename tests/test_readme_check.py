"""tools/readme_check.py: which blocks of a README it runs, how it matches what a command prints, and what
it reports. (CI runs it on the real README: .ci/run.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import readme_check

PAGE = """# A page

```sh
pip install .
```

```
$ echo one
one
$ printf 'a\\nb\\nc\\n'
a
…
```

<!-- readme-check: skip needs a server -->
```
$ sleep 1000
```

<!-- readme-check: setup printf 'x\\ny\\n' > made.txt -->
```
$ cat made.txt
x
z
```
"""


def test_the_transcripts_of_a_page() -> None:
    """Only plain blocks with `$ ` lines; a `sh` block is set-up, not a transcript; directives bind to the
    block after them."""
    blocks = readme_check.transcripts(PAGE)
    assert [(b.line, [c.text for c in b.commands], b.skip, b.setup) for b in blocks] == [
        (7, ["echo one", "printf 'a\\nb\\nc\\n'"], None, []),
        (16, ["sleep 1000"], "needs a server", []),
        (21, ["cat made.txt"], None, ["printf 'x\\ny\\n' > made.txt"]),
    ]
    assert [(c.line, c.expected) for c in blocks[0].commands] == [(8, ["one"]), (10, ["a", "…"])]


@pytest.mark.parametrize(
    ("expected", "printed", "fits"),
    [
        (["a", "b"], ["a", "b", ""], True),  # the final newline
        (["a  "], ["a"], True),  # trailing spaces
        (["a", "b"], ["a", "c"], False),
        (["a"], ["a", "b"], False),  # the README cut the output short without saying so
        (["a", "…"], ["a", "b", "c"], True),
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "…", "d"], ["a", "b", "c"], False),
        (["…"], [], True),
        (["用时 …"], ["用时 1.2 秒（2 件/秒）"], True),
        (["用时 …"], ["耗时 1.2 秒"], False),
        (["读取规则集目录：…"], ["读取规则集目录：/tmp/x/rules（源码目录中正在编辑的规则集）"], True),
    ],
)
def test_matching(expected: list[str], printed: list[str], fits: bool) -> None:
    assert readme_check.matches(expected, printed) is fits


def test_a_page_checked(tmp_path: Path) -> None:
    """The differing command is named with its line and the difference; the skipped block is said; the
    set-up ran in the scratch copy, and nothing was written into the checkout."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    readme = tmp_path / "README.md"
    readme.write_text(PAGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(Path(readme_check.__file__)), str(readme)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "README.md:16: not run (needs a server)",
        "README.md:22: $ cat made.txt",
        "    --- README",
        "    +++ now",
        "    @@ -1,2 +1,3 @@",
        "     x",
        "    -z",
        "    +y",
        "    +",
        "3 commands run, 1 differ from the README",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "README.md"]
