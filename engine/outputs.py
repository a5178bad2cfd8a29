"""Output files: checked before the work starts, written whole or not at all.

A command that writes files checks every target first (`check_targets`), so that a path that cannot be
written ends the command at once, not after minutes of scoring. Each file is then written to a
temporary file beside its target and renamed over it (`write_atomic`): a crash, a full disk or a
refused write leaves the old file (or none), and never a temporary file.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import OutputError, os_reason


def target_problem(path: Path) -> str | None:
    """Why `path` cannot be written as a file (None when it can): a folder, a device or pipe, a file
    where a folder should be, a folder that refuses new files."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # not there yet, or under a file: the folder check says which
        mode = None
    except OSError as exc:
        return f"无法使用该路径：{os_reason(exc)}"
    if mode is not None and stat.S_ISDIR(mode):
        return "是文件夹，不能写成文件；请给出文件名"
    if mode is not None and not stat.S_ISREG(mode):
        return "不是普通文件（设备、管道等），不能作为输出文件"
    folder = _nearest_existing(path.parent)
    if not folder.is_dir():
        return f"无法写入：{folder} 是文件，不是文件夹"
    try:  # the only sure test (permissions, ACLs, read-only file systems, root): create a file there
        temporary = _create_temporary(folder, path.name)
    except OSError as exc:
        return f"无法在文件夹 {folder} 中写入：{os_reason(exc)}"
    os.close(temporary[0])
    os.unlink(temporary[1])
    return None


def check_targets(targets: Mapping[str, Path | None]) -> None:
    """Raise OutputError naming every output (option → path; None: not asked for) that cannot be written."""
    problems = []
    for option, path in targets.items():
        if path is not None and (problem := target_problem(path)) is not None:
            problems.append(f"{path}: {problem}（{option}）")
    if problems:
        raise OutputError("\n".join(problems))


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a whole file (given whole, or piece by piece) through a temporary file beside it, so that a
    failure leaves either the old file or the new one, never half of one and never the temporary."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = _create_temporary(path.parent, path.name)
        temporary = Path(name)
        with os.fdopen(descriptor, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputError(f"{path}: 写入失败：{os_reason(exc)}；未生成该文件（原有同名文件保持不变）") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _nearest_existing(folder: Path) -> Path:
    """The folder itself, or its nearest ancestor that exists (write_atomic creates the ones between)."""
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    return folder


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file in folder; mode 0o666 less the umask, as the target itself would get."""
    path = os.path.join(folder, f".{name[:100]}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # within NAME_MAX
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), path
