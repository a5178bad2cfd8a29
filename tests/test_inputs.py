"""Reading what a user points at: folders with links and pipes, standard input, missing paths, devices.
Each input that cannot be read is an error record or a Chinese message naming it; the run goes on."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from engine import batch
from engine.cli import main

AS_OF = "2026-11-21"
COMPLIANT = EXAMPLES / "em-01-compliant.json"


def _batch_lines(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["batch", *args, "--as-of", AS_OF, "-q"], input=stdin)
    return result.exit_code, [json.loads(x) for x in result.stdout.splitlines()], result.stderr


# --- item 11: folder walking -------------------------------------------------------------------


def test_symlink_loops_are_error_records_and_the_run_goes_on(tmp_path: Path) -> None:
    shutil.copy(COMPLIANT, tmp_path / "a.json")
    (tmp_path / "self").symlink_to(".")  # a folder that contains itself
    (tmp_path / "x.json").symlink_to("y.json")  # two links that point at each other
    (tmp_path / "y.json").symlink_to("x.json")
    code, records, stderr = _batch_lines(str(tmp_path))
    assert code == 0
    assert [(Path(r["file"]).name, r["status"], r.get("message")) for r in records] == [
        ("a.json", "ok", None),
        ("self", "error", "符号链接循环：该文件夹是它自己的上级文件夹，已跳过"),
        ("x.json", "error", "符号链接循环（链接指向自身或互相指向）"),
        ("y.json", "error", "符号链接循环（链接指向自身或互相指向）"),
    ]
    assert "输入 4 件：评分 1 件，错误 3 件（无法读取 3）" in stderr


def test_a_pipe_named_json_is_an_error_record_not_a_hang(tmp_path: Path) -> None:
    shutil.copy(COMPLIANT, tmp_path / "a.json")
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    out = io.StringIO()
    settings = batch.Settings(as_of=batch.dt.date(2026, 11, 21))
    worker = threading.Thread(target=batch.run, args=([str(tmp_path)], settings, None, 1), kwargs={"stdout": out})
    worker.start()
    worker.join(30)
    hung = worker.is_alive()
    if hung:  # release the reader (a writer that closes at once gives it end of file) before failing
        os.close(os.open(pipe, os.O_WRONLY))
        worker.join()
    assert not hung, "batch hung on a pipe named *.json"
    records = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [(Path(r["file"]).name, r["status"], r.get("message")) for r in records] == [
        ("a.json", "ok", None),
        ("pipe.json", "error", "不是普通文件（设备、管道等），不能作为案卷读取"),
    ]


def test_a_device_linked_as_json_is_not_called_0_bytes_too_large(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    code, records, _ = _batch_lines(str(tmp_path))
    assert code == 0
    assert [(r["error"], r["message"]) for r in records] == [
        ("unreadable", "不是普通文件（设备、管道等），不能作为案卷读取")
    ]


def test_a_device_given_as_input_is_not_called_missing() -> None:
    code, records, _ = _batch_lines("/dev/zero")
    assert code == 0  # it exists: a bad input, not a mistyped path
    assert [(r["error"], r["message"]) for r in records] == [
        ("unreadable", "不是普通文件（设备、管道等），不能作为案卷读取")
    ]


# --- item 19: command-line messages about inputs ------------------------------------------------


def test_check_a_missing_file_a_folder_or_a_device(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = CliRunner().invoke(main, ["check", str(missing), str(tmp_path), "/dev/null", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{missing}: 文件或文件夹不存在",
        f"{tmp_path}: 是文件夹，不是案卷文件；评查文件夹中的全部案卷请用 pingcha batch",
        "/dev/null: 不是普通文件（设备、管道等），不能作为案卷读取",
    ]


def test_check_reads_standard_input() -> None:
    result = CliRunner().invoke(
        main, ["check", "-", "--as-of", AS_OF, "--format", "json"], input=COMPLIANT.read_bytes()
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["source"] == "<stdin>" and document["score"]["grade"] == "优秀"


def test_batch_on_a_mistyped_folder_warns_and_exits_two(tmp_path: Path) -> None:
    code, records, stderr = _batch_lines(str(tmp_path / "案卷2025"))
    assert code == 2
    assert [(r["error"], r["message"]) for r in records] == [("not-found", "文件或文件夹不存在")]
    assert "输入 1 件：评分 0 件，错误 1 件（不存在 1）" in stderr
    assert "警告：没有找到任何案卷（路径不存在、通配符没有匹配，或文件夹中没有 *.json），请检查输入的路径" in stderr


def test_batch_with_one_input_found_is_a_run() -> None:
    code, records, stderr = _batch_lines(str(COMPLIANT), "no-such-folder")
    assert code == 0 and [r["status"] for r in records] == ["ok", "error"]
    assert "警告" not in stderr


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_sample_on_a_missing_or_empty_folder_says_so(folder: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["sample", str(tmp_path / folder), "--seed", "1"])
    assert result.exit_code == 2
    reason = f"{tmp_path / 'missing'}：文件或文件夹不存在" if folder == "missing" else "没有找到 *.json 案卷"
    assert result.output == f"总体中没有可以抽取的案卷（{reason}）；请检查输入的路径\n"


# --- item 15: standard input -------------------------------------------------------------------


def _one_line(path: Path) -> bytes:
    return json.dumps(json.loads(path.read_bytes()), ensure_ascii=False).encode() + b"\n"


NOT_AN_OBJECT = "案卷不符合格式（1 处问题）：$：案卷应为一个 JSON 对象；应为 以 { 开始、以 } 结束的对象，实为 "


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        pytest.param(b"\xef\xbb\xbf", [(1, "ok", None)], id="bom-then-case"),
        pytest.param(b"null\n", [(1, "error", NOT_AN_OBJECT + "null"), (2, "ok", None)], id="null"),
        pytest.param(b"42\n", [(1, "error", NOT_AN_OBJECT + "42"), (2, "ok", None)], id="42"),
    ],
)
def test_stdin_whose_first_line_is_json_is_read_as_cases(first: bytes, expected: list) -> None:
    code, records, _ = _batch_lines("-", stdin=first + _one_line(COMPLIANT) + b"null\n")
    assert code == 0
    last = len(expected) + 1
    assert [(r["file"], r["line"], r["status"], r.get("message")) for r in records] == [
        *(("<stdin>", *line) for line in expected),
        ("<stdin>", last, "error", NOT_AN_OBJECT + "null"),
    ]


def test_stdin_list_of_paths_with_a_bom_and_a_file_named_like_a_number(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(COMPLIANT, tmp_path / "42")
    code, records, _ = _batch_lines("-", stdin=b"\xef\xbb\xbf42\n" + str(COMPLIANT).encode() + b"\n")
    assert code == 0
    assert [(r["file"], r["status"]) for r in records] == [("42", "ok"), (str(COMPLIANT), "ok")]


def test_rules_diff_counts_a_corpus_entry_it_cannot_read(tmp_path: Path) -> None:
    shutil.copy(COMPLIANT, tmp_path / "a.json")
    (tmp_path / "folder.json").mkdir()  # not a case file: counted as unreadable, the diff goes on
    args = ["rules", "diff", "national", "national", "--corpus", str(tmp_path), "--as-of", AS_OF]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"语料 {tmp_path}：1 份案卷，1 份无法读取" in result.output
