"""The quick dispatcher answers exactly as the typer commands do, and leaves to them whatever it does not take."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lawkb.cli import quick
from tests.conftest import REPO, VALID_KB

_ENV_NAMES = ("LAWKB_PATH", "LAWKB_CACHE_DIR", "LAWKB_NO_CACHE", "LAWKB_TYPER_ONLY", "_LAWKB_COMPLETE")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in _ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> str:
    """A cache folder already holding the bundled and the fixture knowledge bases, so each run below is a warm query."""
    from lawkb.cli.commands import app

    where = str(tmp_path_factory.mktemp("quick-cache"))
    runner = CliRunner()
    for extra in ((), ("--kb", str(VALID_KB))):
        assert runner.invoke(app, ["--cache-dir", where, "validate", *extra]).exit_code == 0
    return where


def both(argv: list[str], env: dict[str, str | None] | None = None) -> tuple[tuple[int, str, str] | None, tuple[int, str, str]]:
    """What the quick dispatcher does with argv (None if it leaves it) and what the typer application does."""
    from lawkb.cli.commands import app

    runner = CliRunner()
    with runner.isolation(env=env) as (out, err, _mixed):
        code = quick.dispatch(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        fast = None if code is None else (code, out.getvalue().decode(), err.getvalue().decode())
        if code is None:
            assert out.getvalue() == err.getvalue() == b"", "a declined command line must leave no output"
    result = runner.invoke(app, argv, env=env)
    return fast, (result.exit_code, result.stdout, result.stderr)


TAKEN = [
    ["penalty", "csem-possession", "--as-of", "2021-01-01"],
    ["penalty", "청소년성보호법:11(5)", "--as-of=2019-12-01", "--lang", "en"],
    ["penalty", "딥페이크", "유포", "-f", "json"],
    ["penalty", "--as-of", "2021-01-01", "csem-possession", "--lang=ko"],
    ["penalty", "csem-possession", "--as-of", "2001-01-01"],
    ["penalty", "csem-possession", "--as-of", "2021-02-30"],
    ["penalty", "no-such-offence-anywhere"],
    ["show", "csem-possession"],
    ["show", "youth-protection.11", "--as-of", "2021-01-01", "--format", "json"],
    ["show", "Art. 14-2(4)", "--lang", "ko"],
    ["show", "아청법"],
    ["search", "소지"],
    ["search", "촬영", "-n", "3", "--kind", "offence"],
    ["search", "zzzqqqxxx"],
    ["search", "zzzqqqxxx", "--format", "json"],
    ["search", "소지", "--kind", "nonsense"],
    ["search", "소지", "--limit", "0"],
    ["search", "deepfake", "video", "-k", "case", "--lang", "en"],
    ["--no-cache", "penalty", "csem-possession", "--as-of", "2021-01-01"],
    ["penalty", "csem-possession", "--kb", "/nonexistent/kb"],
    ["penalty", "csem-possession", "--kb", str(VALID_KB), "--as-of", "2021-01-01"],
]


@pytest.mark.parametrize("argv", TAKEN, ids=" ".join)
def test_taken_command_lines_answer_as_typer_does(warm, argv):
    fast, slow = both(["--cache-dir", warm, *argv])
    assert fast is not None, "the quick dispatcher should take this command line"
    assert fast == slow


def test_environment_variables_are_read_as_typer_reads_them(warm):
    for env in ({"LAWKB_PATH": str(VALID_KB)}, {"LAWKB_PATH": ""}, {"LAWKB_CACHE_DIR": warm}):
        fast, slow = both(["show", "csem-possession", "--as-of", "2021-01-01"], env)
        assert fast is not None
        assert fast == slow
    # An option given wins over its variable, in both paths.
    fast, slow = both(["--cache-dir", warm, "show", "csem-possession", "--kb", str(VALID_KB)], {"LAWKB_PATH": "/nonexistent"})
    assert fast is not None and fast[0] == 0
    assert fast == slow


DECLINED = [
    [],
    ["--help"],
    ["--version"],
    ["penalty"],
    ["penalty", "--help"],
    ["penalty", "x", "-h"],
    ["penalty", "x", "--as-of"],
    ["penalty", "x", "--as-of", "2020-01-01", "--as-of", "2021-01-01"],
    ["penalty", "x", "--lang", "EN"],
    ["penalty", "x", "--format", "yaml"],
    ["penalty", "x", "--limit", "3"],
    ["penalty", "--", "x"],
    ["penalty", "x", "-fjson"],
    ["penalty", "x", "--as-of", ""],
    ["penalty", "x", "--kb", "-"],
    ["search", "소지", "-n", "-1"],
    ["search", "소지", "--limit", "3.0"],
    ["search", "소지", "--limit", "٣"],
    ["search", "소지", "--limit", "1" * 12],
    ["list", "offence"],
    ["stats"],
    ["--no-cache=1", "stats"],
    ["--cache-dir", "penalty", "x"],
    ["penalty", "x", "--no-cache"],
    ["--bogus", "penalty", "x"],
]


@pytest.mark.parametrize("argv", DECLINED, ids=lambda a: " ".join(a) or "(nothing)")
def test_other_command_lines_are_left_to_typer(argv):
    assert quick.parse(argv, {}) is None


def test_environment_that_typer_must_read_is_left_to_it():
    argv = ["penalty", "csem-possession"]
    assert quick.parse(argv, {}) is not None
    assert quick.parse(argv, {"LAWKB_NO_CACHE": "1"}) is None
    assert quick.parse(argv, {"_LAWKB_COMPLETE": "bash_complete"}) is None
    assert quick.parse(argv, {"LAWKB_NO_CACHE": ""}) is not None


def test_typer_only_switch(monkeypatch):
    monkeypatch.setenv("LAWKB_TYPER_ONLY", "1")
    assert quick.dispatch(["penalty", "csem-possession"]) is None


def _options(func) -> tuple[dict[str, tuple[str, object]], dict[str, object], dict[str, str], list[str]]:
    """A typer command's options as the dispatcher's tables put them: names, defaults, environment variables, arguments."""
    import enum
    import inspect
    import typing

    from typer.models import ArgumentInfo, OptionInfo

    func = inspect.unwrap(func)
    hints = typing.get_type_hints(func)
    table: dict[str, tuple[str, object]] = {}
    defaults: dict[str, object] = {}
    envvars: dict[str, str] = {}
    arguments: list[str] = []
    for name, param in inspect.signature(func).parameters.items():
        info = param.default
        if isinstance(info, ArgumentInfo):
            assert info.default is ... and typing.get_origin(hints[name]) is list  # one or more words, required
            arguments.append(name)
            continue
        if not isinstance(info, OptionInfo):
            continue  # the context
        hint = hints[name]
        if hint is bool:
            takes: object = quick.FLAG
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            takes = tuple(member.value for member in hint)
        elif hint is int:
            takes = quick.NUMBER
        else:
            assert hint in (str, str | None), (name, hint)
            takes = quick.VALUE
        if info.is_eager:
            continue  # --version: never taken
        for decl in info.param_decls:
            table[decl] = (name, takes)
        default = info.default
        defaults[name] = default.value if isinstance(default, enum.Enum) else default
        if info.envvar:
            envvars[name] = info.envvar
    return table, defaults, envvars, arguments


def test_option_tables_match_the_typer_commands():
    """Same option names, defaults, choices and environment variables as the typer commands, so the paths cannot drift."""
    from lawkb.cli import app as app_module
    from lawkb.cli.commands import app

    table, defaults, envvars, arguments = _options(app_module._global_options)
    assert table == quick.GLOBAL
    assert defaults == {"cache_dir": None, "no_cache": False}
    assert envvars == {"cache_dir": quick.ENVVARS["cache_dir"], "no_cache": "LAWKB_NO_CACHE"}
    commands = {info.name or info.callback.__name__: info.callback for info in app.registered_commands}
    for name, options in quick.COMMANDS.items():
        table, defaults, envvars, arguments = _options(commands[name])
        assert table == options, name
        assert defaults == quick.DEFAULTS[name], name
        assert envvars == {"kb": quick.ENVVARS["kb"]}, name
        assert arguments == [quick.WORDS[name]], name


_WORDS = ["csem-possession", "소지", "촬영", "아청법", "youth-protection.11", "Art. 14-2(4)", "x", "penalty", "", "-", "--", "-x"]
_OPTIONS = ["--as-of", "--lang", "--format", "-f", "--kb", "--kind", "-k", "--limit", "-n", "--no-cache", "--as-of=2020-01-01",
            "--lang=en", "--format=json", "-h"]
_VALUES = ["2021-01-01", "2015-06-30", "2030-01-01", "2021-13-01", "ko", "en", "both", "json", "text", "offence", "article",
           "case", "3", "0", "007", "-2", str(VALID_KB)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["penalty", "show", "search", "list"]),
       rest=st.lists(st.sampled_from(_WORDS + _OPTIONS + _VALUES), max_size=6))
def test_any_command_line_the_dispatcher_takes_answers_as_typer_does(warm, command, rest):
    argv = ["--cache-dir", warm, command, *rest]
    fast, slow = both(argv)
    if fast is not None:
        assert fast == slow, argv


PROBE = """
import sys
from lawkb.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = [m for m in ("typer", "click", "pydantic", "jsonschema", "yaml", "lawkb.yamlio", "lawkb.checks", "jinja2")
         if m in sys.modules]
print("HEAVY:" + ",".join(heavy) + " EXIT:" + str(code), file=sys.stderr)
"""


@pytest.mark.parametrize("command", [
    ("penalty", "csem-possession", "--as-of", "2021-01-01"),
    ("show", "youth-protection.11", "--format", "json"),
    ("search", "소지", "-n", "2"),
])
def test_warm_queries_never_load_typer(tmp_path: Path, command):
    env = {k: v for k, v in os.environ.items() if k not in _ENV_NAMES}
    argv = [sys.executable, "-c", PROBE, "--cache-dir", str(tmp_path / "cache"), *command, "--kb", str(VALID_KB)]

    def run() -> str:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=120, env=env)
        return done.stderr.strip().splitlines()[-1]

    assert run().endswith("EXIT:0")  # the first run writes the cache (and the search index)
    assert run() == "HEAVY: EXIT:0"
