"""Output files a user names (report, batch -o/--crossfile, sample --record/--list, rules test --junit):
checked before the work starts, written whole or not at all, and a path that cannot be written ends the
command with a Chinese message naming it and exit code 2, never a traceback or a stray temporary file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from engine.cli import main

AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results") / "results.jsonl"
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), "-o", str(out), "--as-of", AS_OF, "-q"])
    assert result.exit_code == 0, result.output
    return out


def _command(kind: str, results: Path, target: Path) -> list[str]:
    """The command line that writes `target` as output `kind`."""
    sample = ["sample", str(EXAMPLES), "--seed", "1", "--ratio", "30%", "--of", "cases"]
    return {
        "--html": ["report", str(results), "--html", str(target)],
        "--xlsx": ["report", str(results), "--xlsx", str(target)],
        "--csv": ["report", str(results), "--csv", str(target)],
        "--md": ["report", str(results), "--md", str(target)],
        "-o/--output": ["batch", str(EXAMPLES), "--as-of", AS_OF, "-q", "-o", str(target)],
        "--crossfile": ["batch", str(EXAMPLES), "--as-of", AS_OF, "-q", "--crossfile", str(target)],
        "--record": [*sample, "--record", str(target)],
        "--list": [*sample, "--list", str(target)],
        "--junit": ["rules", "test", "national", "--junit", str(target)],
    }[kind]


KINDS = ["--html", "--xlsx", "--csv", "--md", "-o/--output", "--crossfile", "--record", "--list", "--junit"]


def _refused(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # our message, not a traceback
    assert message in result.output
    assert "Traceback" not in result.output and "Error" not in result.output


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_as_output_is_refused_before_the_work(kind: str, results: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, _command(kind, results, tmp_path))
    _refused(result, f"{tmp_path}: 是文件夹，不能写成文件；请给出文件名（{kind}）")
    assert "输入 " not in result.output and "已写入" not in result.output  # nothing was scored or written
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temporary, no partial left behind


@pytest.mark.parametrize("kind", KINDS)
def test_a_path_under_a_file_is_refused(kind: str, results: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    target = tmp_path / "notes.txt" / "out.file"
    result = CliRunner().invoke(main, _command(kind, results, target))
    _refused(result, f"{target}: 无法写入：{tmp_path / 'notes.txt'} 是文件，不是文件夹（{kind}）")


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_that_refuses_new_files_is_refused(
    kind: str, results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    real_open = os.open

    def refuse_in_folder(path, flags, mode=0o777, *, dir_fd=None):  # chmod does not stop root: refuse here
        if flags & os.O_CREAT and Path(path).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", refuse_in_folder)
    result = CliRunner().invoke(main, _command(kind, results, folder / "out.file"))
    _refused(result, f"{folder / 'out.file'}: 无法在文件夹 {folder} 中写入：没有权限（{kind}）")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("kind", ["--html", "--xlsx", "--csv", "--md", "--crossfile", "--record", "--list", "--junit"])
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(
    kind: str, results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.file"
    target.write_bytes(b"the previous report\n")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = CliRunner().invoke(main, _command(kind, results, target))
    _refused(result, f"{target}: 写入失败：磁盘空间已满；未生成该文件（原有同名文件保持不变）")
    assert target.read_bytes() == b"the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.file"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_batch_on_a_full_disk_keeps_what_is_done_for_resume(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    (tmp_path / "results.jsonl.partial").symlink_to("/dev/full")  # every write fails with ENOSPC
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), "--as-of", AS_OF, "-q", "-o", str(out)])
    partial = tmp_path / "results.jsonl.partial"
    _refused(result, f"{partial}: 写入失败：磁盘空间已满；已完成的结果保留在 {partial}，处理后可用 --resume 接着评分")
    assert not out.exists()
