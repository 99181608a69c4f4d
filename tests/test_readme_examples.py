"""The README's command examples are re-run on sample_archives/ and must print what it shows.

A ```sh block whose commands start with ``presence-audit``, followed by a plain ``` block,
is an example with its output (the sqlite-utils habit): the commands run in order in one
temporary folder holding the samples, with the history store there too, and must print the
block exactly — or, when the block's last line is ``…``, begin with the lines before it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MORE = "…"
LINES = r"(?:(?!```)[^\n]*\n)*"  # lines up to the next fence, never across one
EXAMPLE = re.compile(rf"^```sh\n(?P<commands>presence-audit [^\n]*\n{LINES})```\n\s*"
                     rf"^```\n(?P<output>{LINES})```", flags=re.M)


def examples(markdown: str) -> list[tuple[list[str], str]]:
    """(commands, shown output) for every sh block of ``presence-audit`` commands with an
    output block right after it; ``\\`` continuation lines are joined."""
    found = []
    for m in EXAMPLE.finditer(markdown):
        joined = m.group("commands").replace("\\\n", " ")
        found.append(([line for line in joined.splitlines() if line.strip()],
                      m.group("output")))
    return found


def matches(printed: str, shown: str) -> bool:
    """The output equals the block, or begins with it when the block ends with ``…``."""
    want = [line.rstrip() for line in shown.rstrip("\n").splitlines()]
    got = [line.rstrip() for line in printed.rstrip("\n").splitlines()]
    if want and want[-1] == MORE:
        return got[:len(want) - 1] == want[:-1]
    return got == want


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    words = shlex.split(command)
    assert words[0] == "presence-audit", command
    return subprocess.run([sys.executable, "-m", "presence_audit.cli", *words[1:]], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[tuple[str, str, str]]:
    """(commands, shown, printed) for every README example, run in order in one folder."""
    cwd = tmp_path_factory.mktemp("readme")
    (cwd / "sample_archives").symlink_to(ROOT / "sample_archives", target_is_directory=True)
    env = {**os.environ, "PRESENCE_AUDIT_DB": str(cwd / "history.sqlite3"),
           "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "100"}
    env.pop("PRESENCE_AUDIT_DEBUG", None)
    out = []
    for commands, shown in examples(README.read_text(encoding="utf-8")):
        text = ""
        for command in commands:
            done = run(command, cwd, env)
            assert done.returncode in (0, 1), (command, done.stderr)  # 2: it could not run
            assert not done.stderr, (command, done.stderr)
            text += done.stdout
        out.append(("\n".join(commands), shown, text))
    return out


def test_the_readme_shows_examples_of_the_main_commands():
    verbs = {shlex.split(c)[1] for cmds, _ in examples(README.read_text(encoding="utf-8"))
             for c in cmds}
    assert {"scan", "inspect", "rules", "review"} <= verbs


def test_every_readme_example_prints_what_the_readme_shows(printed):
    for commands, shown, text in printed:
        assert matches(text, shown), (
            f"README example drifted: {commands}\n--- README shows:\n{shown}--- it prints:\n{text}")


def test_matching_is_exact_unless_the_block_ends_with_an_ellipsis():
    assert matches("a\nb\n", "a\nb\n") and not matches("a\nb\nc\n", "a\nb\n")
    assert matches("a\nb\nc\n", f"a\nb\n{MORE}\n") and not matches("a\nx\n", f"a\nb\n{MORE}\n")
    md = ("```sh\npresence-audit inspect \\\n    x.zip\n```\n\n```\nout\n```\n"
          "```sh\npresence-audit doctor\n```\n\nprose\n```\nnot its output\n```\n\n"
          "```\nnor this\n```\n")
    assert examples(md) == [(["presence-audit inspect      x.zip"], "out\n")]
