"""Hostile input that once ended in an internal error, a wrong exit code, a lost file or a hang: exact messages and codes."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA

COMPARE = str(DATA / "compare")
ANSWERS = str(DATA / "answers")


# ---- bytes that are not UTF-8 on the command line -----------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["show", "\udcff"],
    ["penalty", "\udcff"],
    ["timeline", "\udcff"],
    ["handout", "\udcff"],
    ["sentence", "\udcff", "--offence-date", "2022-01-01"],
])
def test_undecodable_argument_is_not_found_not_a_crash(invoke, tmp_path, args):
    """Python turns a byte such as 0xFF into a lone surrogate, which SQLite (the cache) cannot encode; it reads as U+FFFD."""
    result = invoke("--cache-dir", str(tmp_path), *args)
    assert result.exit_code == 3, result.output
    assert "lawkb: error[not-found]: nothing in the knowledge base is called " in result.stderr
    assert "error[internal]" not in result.output


def test_undecodable_bill_is_not_found(invoke, tmp_path):
    result = invoke("--cache-dir", str(tmp_path), "diff", "청소년성보호법:11", "--bill", "\udcff")
    assert result.exit_code == 3
    assert result.stderr.startswith("lawkb: error[bill-not-found]: no bill '\ufffd' in the knowledge base\n")


# ---- very long input ----------------------------------------------------------------------------------------------


def test_reference_with_thousands_of_digits_is_not_found(invoke):
    """int() refuses more than 4,300 digits; a reference that long is no reference, and the message does not repeat it."""
    result = invoke("penalty", "청소년성보호법:" + "1" * 5000)
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert first == "lawkb: error[not-found]: nothing in the knowledge base is called '청소년성보호법:" + "1" * 49 + "…'"


def test_very_long_name_is_answered_at_once(invoke):
    """difflib's suggestions cost time quadratic in the length: 120,000 characters took half a minute."""
    import time

    start = time.monotonic()
    result = invoke("show", "a" * 120_000)
    assert result.exit_code == 3
    assert result.stderr == ("lawkb: error[not-found]: nothing in the knowledge base is called '" + "a" * 57 + "…'\n"
                             "    hint: try: lawkb search '" + "a" * 57 + "…'\n")
    assert time.monotonic() - start < 10


# ---- REFs of the wrong kind: each command names itself, and hints that work ------------------------------------------


def test_timeline_of_a_term_says_timeline_not_diff(invoke):
    result = invoke("timeline", "term-banpo")
    assert result.exit_code == 2
    assert result.stderr == ("lawkb: error[ref-kind]: term-banpo is a term; a timeline is drawn for offences, articles and acts\n"
                             "    hint: give an offence id, an article reference or an act name\n")


@pytest.mark.parametrize("ref, hint", [
    ("term-banpo", "try 'lawkb show term-banpo'"),
    ("case-cho-ju-bin", "try 'lawkb show case-cho-ju-bin', or 'lawkb timeline --kind case' for its place in time"),
])
def test_diff_of_a_record_it_cannot_compare_hints_a_command_that_works(invoke, ref, hint):
    result = invoke("diff", ref)
    kind = ref.split("-")[0]
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[ref-kind]: {ref} is a {kind}; diff compares articles, acts, offences, amendments and bills\n"
                             f"    hint: {hint}\n")
    for command in hint.split("'")[1::2]:  # every hinted command itself succeeds
        assert invoke(*command.split()[1:]).exit_code == 0, command


@pytest.mark.parametrize("args, message", [
    (["penalty", "criminal-act"], "lawkb: error[not-a-provision]: 'criminal-act' is an act (criminal-act), which carries no statutory penalty"),
    (["penalty", "criminal-act.act-10259"],
     "lawkb: error[not-a-provision]: 'criminal-act.act-10259' is an amendment (criminal-act.act-10259), which carries no statutory penalty"),
    (["sentence", "criminal-act", "--offence-date", "2022-01-01"],
     "lawkb: error[not-an-offence]: 'criminal-act' is an act, not an offence or an article"),
    (["timeline", "criminal-act.act-10259"],
     "lawkb: error[ref-kind]: criminal-act.act-10259 is an amendment; a timeline is drawn for offences, articles and acts"),
])
def test_kinds_take_a_or_an(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message


# ---- sentence: numbers that ran out of memory or crashed ---------------------------------------------------------


def test_too_many_open_penalty_types_is_refused_before_the_work(invoke):
    """Each offence with a life-or-term choice doubled the branches: 14 offences took six minutes and 23 GB."""
    result = invoke("sentence", *["csem-production"] * 7, "--offence-date", "2022-01-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "lawkb: error[too-many-branches]: the penalty type is left to the court for 7 offences: 128 branches to work out (at most 64)\n"
        "    hint: choose it with --penalty-type, e.g. --penalty-type term for every offence or --penalty-type 2=term for offence 2\n")
    chosen = invoke("sentence", *["csem-production"] * 7, "--offence-date", "2022-01-01", "--penalty-type", "term", "-f", "json")
    assert chosen.exit_code == 0
    assert len(json.loads(chosen.stdout)["branches"]) == 1


@pytest.mark.parametrize("count", ["0", "11", "1000", "999999999999999999999"])
def test_statutory_mitigation_count_out_of_range(invoke, count):
    result = invoke("sentence", "csem-production", "--offence-date", "2022-01-01", "--statutory-mitigation", count)
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[ground-count]: --statutory-mitigation {count}: give from 1 to 10 grounds\n"
                             "    hint: each ground halves the penalty (Art. 55); 10 already take a 50-year term under a month\n")


def test_statutory_mitigation_superscript_digit_is_an_unknown_ground(invoke):
    """'²'.isdigit() is true but int('²') fails."""
    result = invoke("sentence", "csem-production", "--offence-date", "2022-01-01", "--statutory-mitigation", "²")
    assert result.exit_code == 2
    assert result.stderr.startswith("lawkb: error[ground-unknown]: --statutory-mitigation '²' is not a ground of statutory mitigation\n")


def test_offence_number_too_long_for_int(invoke):
    target = "9" * 5000
    result = invoke("sentence", "csem-production", "--offence-date", "2022-01-01", "--aggravating", f"{target}=csem-bad-method")
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[target-unknown]: --aggravating {target}=…: there is no offence number {target} (1 to 1)\n"
                             "    hint: number the offences in the order given\n")


def test_end_of_input_at_the_date_prompt_is_a_missing_finding(invoke, monkeypatch):
    import lawkb.cli.sentence as cmd

    monkeypatch.setattr(cmd, "_interactive", lambda: True)
    result = invoke("sentence", "csem-production", input="")
    assert result.exit_code == 2  # was 1 ("Aborted!")
    assert "lawkb: error[findings-missing]: missing finding: --offence-date" in result.stderr


# ---- output files: nothing a user wrote is overwritten, no device is replaced ------------------------------------------


@pytest.mark.parametrize("args", [["diff", "모범법:3"], ["bills"], ["timeline"]])
def test_compare_commands_keep_an_existing_file_without_force(invoke, tmp_path, args):
    out = tmp_path / "notes.md"
    out.write_text("my notes\n", encoding="utf-8")
    result = invoke(*args, "--kb", COMPARE, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-exists]: {out} already exists\n"
                             "    hint: pass --force to replace it, or choose another -o FILE\n")
    assert out.read_text(encoding="utf-8") == "my notes\n"
    replaced = invoke(*args, "--kb", COMPARE, "-o", str(out), "--force")
    assert replaced.exit_code == 0
    assert out.read_text(encoding="utf-8") != "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]  # no temporary file left behind


def test_compare_output_onto_a_folder(invoke, tmp_path):
    result = invoke("bills", "--kb", COMPARE, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"lawkb: error[output-unwritable]: cannot write {tmp_path}: it is a folder\n    hint: give a file name with -o\n"


def _read_fifo(path: Path) -> Callable[[], bytes]:
    """Open a FIFO's read end without blocking, so that a writer can open it; return a reader of what was written."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    # Nobody reads while the command writes, so the pipe must hold the whole output (the default is 64 KiB).
    fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)

    def read() -> bytes:
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(fd)
        return b"".join(chunks)

    return read


@pytest.mark.parametrize("args", [
    ["bills", "--kb", COMPARE, "-f", "json", "--force"],
    ["export", "-f", "json", "--kb", ANSWERS, "--force"],
    ["handout", "model-possession", "--kb", COMPARE, "-f", "json", "--today", "2026-01-15", "--force"],
])
def test_force_onto_a_pipe_writes_into_it_and_keeps_it(invoke, tmp_path, args):
    """--force once renamed a temporary file over the target: a pipe or a device (/dev/stdout, /dev/full) became a plain file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    read = _read_fifo(fifo)
    result = invoke(*args, "-o", str(fifo))
    data = read()
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(data)["schema_version"] == 1


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_export_to_a_pipe_in_a_file_format_is_refused(invoke, tmp_path, fmt):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke("export", "-f", fmt, "--kb", ANSWERS, "-o", str(fifo), "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-not-a-file]: {fifo} is a device or a pipe, not a file\n"
                             f"    hint: a {fmt} export is written to a file or folder\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_csv_force_never_deletes_other_files(invoke, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    result = invoke("export", "-f", "csv", "--kb", ANSWERS, "-o", str(folder), "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-not-an-export]: {folder} holds more than CSV files (thesis.docx); --force would delete them\n"
                             "    hint: choose a new folder for the CSV export\n")
    assert (folder / "thesis.docx").read_bytes() == b"years of work"


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_export_into_a_folder_it_cannot_write(invoke, tmp_path, monkeypatch, fmt):
    """The temporary sibling was made outside the error handling: a read-only folder ended in error[internal]."""
    import lawkb.export

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(lawkb.export.tempfile, "mkdtemp", refuse)
    out = tmp_path / f"kb.{fmt}"
    result = invoke("export", "-f", fmt, "--kb", ANSWERS, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-unwritable]: cannot write {out}: Permission denied\n"
                             "    hint: check that the folder is writable and has free space\n")


@pytest.mark.parametrize("name", ["", "  "])
def test_handout_empty_output_name(invoke, name):
    result = invoke("handout", "csem-possession", "-o", name)
    assert result.exit_code == 2
    assert result.stderr == ("lawkb: error[output-empty]: -o was given an empty file name\n"
                             "    hint: give a file name, e.g. -o handout.html, or '-' for standard output\n")


# ---- standard output that cannot be written before any command runs --------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device that is always full (Linux)")
def test_help_into_a_full_device_is_a_message_not_a_traceback():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", "from lawkb.cli import main; main()", "show", "--help"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "lawkb: error[output-unwritable]: cannot write to standard output: No space left on device\n"


def test_closed_or_full_standard_output_is_a_message_not_a_bug(tmp_path):
    """`lawkb stats >&-` and `lawkb stats >/dev/full`: exit 2 with output-unwritable, never error[internal]."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LAWKB_CACHE_DIR": str(tmp_path / "cache")}
    closed = subprocess.run([sys.executable, "-c", "from lawkb.cli import main; main()", "stats"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2
    assert "lawkb: error[output-unwritable]: standard output is closed" in closed.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            res = subprocess.run([sys.executable, "-c", "from lawkb.cli import main; main()", "stats"], stdout=full,
                                 stderr=subprocess.PIPE, text=True, env=env)
        assert res.returncode == 2
        assert "error[output-unwritable]: cannot write to standard output" in res.stderr
        assert "internal" not in res.stderr


def test_kb_option_pointing_at_a_file(invoke, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("x", encoding="utf-8")
    result = invoke("stats", "--kb", str(f))
    assert result.exit_code == 1
    assert f"lawkb: error[kb-not-a-kb]: not a knowledge base: {f} is a file, not a folder" in result.output


def test_cache_directory_with_undecodable_name(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    odd = os.fsencode(str(tmp_path)) + b"/\xff"
    env = {**os.environ}
    env["LAWKB_CACHE_DIR"] = os.fsdecode(odd)
    res = subprocess.run([sys.executable, "-c", "from lawkb.cli import main; main()", "show", "csem-possession"],
                         capture_output=True, env=env)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    assert b"error[" not in res.stderr
