"""Bad input is refused with one message that says what and where, and nothing is lost: each
case is a valid example with one thing changed, read by the loader, by the command line and by
the running window (which keeps its document and unsaved edits)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import main as cli_main
from core.documents.document import DocumentError, load_document, loads_document
from core.documents.examples import example_path
from core.training.data import DataError, load_csv

REPO = Path(__file__).resolve().parent.parent


def example(name: str) -> dict:
    return json.loads(example_path(name).read_text("utf-8"))


def changed(name: str, path: tuple, value) -> dict:
    data = copy.deepcopy(example(name))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def network_document() -> dict:
    return {
        "format": "backprop-studio",
        "version": 1,
        "source": {"kind": "network", "spec": {"sizes": [2, 2, 1], "seed": 3}},
    }


HUGE = 10**400
BAD_DOCUMENTS = {
    "huge integer value": (
        json.dumps(changed("lecture", ("values",), {"w11": HUGE})),
        "values.w11: 100000000000…(401 digits) is too large: numbers must lie within ±1e+300",
    ),
    "huge float value": (
        json.dumps(changed("lecture", ("values",), {"w11": 1e301})),
        "values.w11: 1e+301 is too large",
    ),
    "huge position": (
        json.dumps(changed("lecture", ("positions",), {"w11": [HUGE, 0]})),
        "positions.w11[0]: 100000000000…(401 digits) is too large",
    ),
    "huge seed": (
        json.dumps(
            {
                **network_document(),
                "source": {"kind": "network", "spec": {"sizes": [2, 1], "seed": HUGE}},
            }
        ),
        "source.spec.seed: must be a non-negative integer below 2**63, got 100000000000…(401 digits)",
    ),
    "kind is a list": (
        json.dumps(changed("lecture", ("source", "kind"), [])),
        "source.kind: must be 'program' or 'network', got []",
    ),
    "kind is an object": (
        json.dumps(changed("lecture", ("source", "kind"), {})),
        "source.kind: must be 'program' or 'network', got {}",
    ),
    "5000-digit literal": (
        json.dumps(changed("lecture", ("values",), {"w11": 0})).replace(
            '"w11": 0', '"w11": ' + "7" * 5000
        ),
        "values.w11: 777777777777…(5,000 digits) is too large",
    ),
    "columns of different lengths": (
        json.dumps(changed("paired_regression", ("values", "x"), [1, 2])),
        "values.x: input 'x' has 2 values but input 'y' has 5; inputs that go together need "
        "the same number of samples",
    ),
    "a 1 MB title": (
        json.dumps(changed("lecture", ("title",), "t" * 1_000_000)),
        "title: 1,000,000 characters is too long (at most 1,000)",
    ),
    "a 1 MB format": (
        json.dumps(changed("lecture", ("format",), "f" * 1_000_000)),
        "(1,000,000 characters): this is not a Backprop Studio document",
    ),
    "a 1 MB value name": (
        json.dumps(changed("lecture", ("values",), {"n" * 1_000_000: 1.0})),
        "there is no variable named 'nnnnnnnn",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_documents_are_refused_by_field(case):
    text, message = BAD_DOCUMENTS[case]
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    assert message in str(info.value)
    assert len(str(info.value)) < 400


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_documents_on_the_command_line_give_one_line(case, tmp_path, capsys):
    text, message = BAD_DOCUMENTS[case]
    path = tmp_path / "bad.json"
    path.write_text(text)
    assert cli_main(["trace", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err and len(err) < 400


def test_a_symlink_to_dev_zero_is_not_read(tmp_path, capsys):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(DocumentError, match="not a regular file"):
        load_document(link)
    for args in (["trace", "/dev/zero"], ["trace", "/dev/urandom"], ["trace", str(link)]):
        assert cli_main(args) == 2
        _, err = capsys.readouterr()
        assert "not a regular file" in err and err.count("\n") == 1
    with pytest.raises(DataError, match="/dev/zero: not a regular file"):
        load_csv("/dev/zero")


def test_train_data_from_dev_zero_exits_2(capsys):
    args = ["train", "--mlp", "2-1", "--data", "/dev/zero"]
    assert cli_main(args) == 2
    assert "/dev/zero: not a regular file" in capsys.readouterr().err


def test_standard_input_is_read_only_up_to_the_limit():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "core.cli", "trace", "-"],
            stdin=zero,
            capture_output=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "backprop-studio: <stdin>: 2.0 MB is too large for a program (limit 2 MB)\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "trace", "-"],
        input=b"x = 1\n\xff\n",
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and b"<stdin>: not UTF-8 text (byte 6)" in done.stderr


@pytest.mark.parametrize(
    ("program", "message"),
    [
        (
            "w0 = 0.5\nz = w0 @ w0\n",
            "line 2, column 5: z = w0 @ w0: matmul needs a vector or matrix on both sides "
            "whose inner sizes agree, got w0 (scalar), w0 (scalar)",
        ),
        (
            "X = [[1, 2], [3, 4]]\nw = [0.1, 0.2, 0.3]\nloss = sum(X @ w)\n",
            "line 3, column 12: X @ w: matmul needs a vector or matrix on both sides whose "
            "inner sizes agree, got X (2×2), w (3)",
        ),
        (
            "x = [1, 2]\ny = [1, 2, 3]\nloss = mse(x, y)\n",
            "line 3, column 8: loss = MSE(x, y): mse cannot combine arguments of these shapes: "
            "x (2), y (3)",
        ),
    ],
)
def test_shape_errors_name_line_and_column(program, message, tmp_path, capsys):
    path = tmp_path / "p.bp"
    path.write_text(program)
    for command in ("trace", "check"):
        assert cli_main([command, str(path)]) == 2
        assert capsys.readouterr().err == f"backprop-studio: {path}: {message}\n"


# ---------------------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    yield window
    animation.set_enabled(True)


def test_the_window_refuses_every_bad_file_and_keeps_the_unsaved_edit(window, tmp_path):
    edited = window.controller.document.program + "extra = loss * 2\n"
    window.controller.edit_program(edited)
    assert window.controller.modified
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    files = [link]
    for number, case in enumerate(sorted(BAD_DOCUMENTS)):
        path = tmp_path / f"bad{number}.json"
        path.write_text(BAD_DOCUMENTS[case][0])
        files.append(path)
    for path in files:
        window.errors.clear()
        assert window.open_file(path, ask=False) is False
        assert len(window.errors) == 1 and path.name in window.errors[0]
        assert window.controller.document.program == edited
        assert window.controller.modified


def test_a_bad_file_on_the_command_line_opens_the_example_with_a_message(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(BAD_DOCUMENTS["kind is a list"][0])
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from gui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "w = MainWindow(recovery_dir=sys.argv[2])\n"
        "w.report_error = lambda title, text: print('MESSAGE', text)\n"
        "print('OPENED', w.open_initial(sys.argv[1]), w.controller.document.title)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(tmp_path / "rec")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "MESSAGE bad.json: source.kind: must be 'program' or 'network', got []" in done.stdout
    assert "OPENED True" in done.stdout


def extra_bad_files(tmp_path: Path) -> list[Path]:
    """Files that are bad in other ways than their fields: not JSON, binary, too large,
    nested too deeply, a folder, a dangling link, a device, control characters in a key."""
    out = []

    def write(name: str, data: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        out.append(path)

    write("text.json", b"x1 = 0.5\nloss = x1 * 2\n")
    write("binary.json", bytes(range(256)) * 4)
    write("deep.json", b"[" * 200_000 + b"]" * 200_000)
    write("large.json", b'{"format": "backprop-studio", "title": "' + b"t" * (21 * 2**20) + b'"}')
    write("empty.json", b"")
    write("ctrl.json", json.dumps({**example("lecture"), "bad\nkey\x1b[31m": 1}).encode())
    folder = tmp_path / "folder.json"
    folder.mkdir()
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    return [*out, folder, dangling, fifo, Path("/dev/urandom")]


def test_file_open_in_a_running_window_shows_one_message_and_keeps_the_edit(
    window, tmp_path, monkeypatch
):
    """Through File → Open (the action, its dialog answered), every bad file: one message,
    which names the file, in one line, and the edited document stays, still unsaved."""
    edited = window.controller.document.program + "extra = loss * 2\n"
    window.controller.edit_program(edited)
    files = extra_bad_files(tmp_path)
    for number, case in enumerate(sorted(BAD_DOCUMENTS)):
        path = tmp_path / f"bad{number}.json"
        path.write_text(BAD_DOCUMENTS[case][0])
        files.append(path)
    for path in files:
        window.errors.clear()
        monkeypatch.setattr(window, "choose_open_path", lambda path=path: str(path))
        window.actions["file_open"].trigger()
        assert len(window.errors) == 1, (path, window.errors)
        message = window.errors[0]
        assert path.name in message and "\n" not in message and len(message) < 500, message
        assert window.controller.document.program == edited
        assert window.controller.modified


XDG = ("CONFIG", "DATA", "CACHE", "STATE")  # the subprocess's settings and autosaves stay here


def test_bad_files_on_the_command_line_open_the_example_with_a_message(tmp_path):
    """The window started as `backprop-studio FILE` (gui.app.create_window) for each bad file:
    no traceback, one message, the lecture example shown instead."""
    files = [*extra_bad_files(tmp_path)]
    for number, case in enumerate(sorted(BAD_DOCUMENTS)):
        path = tmp_path / f"bad{number}.json"
        path.write_text(BAD_DOCUMENTS[case][0])
        files.append(path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    script = (
        "import sys\n"
        "from gui import app, main_window\n"
        "messages = []\n"
        "main_window.MainWindow.report_error = lambda self, title, text: messages.append(text)\n"
        "application = app.create_application([])\n"
        "for path in sys.argv[1:]:\n"
        "    messages.clear()\n"
        "    window = app.create_window([path])\n"
        "    print('OPENED', len(messages), window.controller.document.title, flush=True)\n"
        "    window.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)],
        capture_output=True,
        text=True,
        env={**env, "HOME": str(tmp_path), **{f"XDG_{k}_HOME": str(tmp_path / k) for k in XDG}},
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stdout.count("OPENED 1 lecture example") == len(files), done.stdout


def test_the_window_takes_an_example_name_as_trace_does(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    """``backprop-studio xor`` opens the xor example (``trace xor`` does); a file of that name
    in the current folder still wins, and no message says "did you mean 'xor'?"."""
    from gui.main_window import MainWindow

    monkeypatch.chdir(tmp_path)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    errors: list[str] = []
    monkeypatch.setattr(window, "report_error", lambda title, text: errors.append(text))
    assert window.open_initial("xor")
    assert window.controller.document.title == load_document(example_path("xor")).title
    assert errors == []

    (tmp_path / "xor").write_text("a = 2\nb = a * a\n", encoding="utf-8")
    assert window.open_initial("xor")
    assert window.controller.document.program == "a = 2\nb = a * a\n"
    assert errors == []


def test_a_missing_file_named_like_an_example_is_not_told_to_try_that_example(
    tmp_path, monkeypatch
):
    from core.cli.common import UsageError, read_text

    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as raised:
        read_text("lecture")
    assert "did you mean" not in str(raised.value)
    with pytest.raises(UsageError) as raised:
        read_text("lectur")
    assert "did you mean 'lecture'?" in str(raised.value)
