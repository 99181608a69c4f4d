"""The README tells a newcomer the truth: its test command is CI's, and its links resolve."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def ci_test_command() -> str:
    """The command .ci/run wraps in ``if ! (...); then exit 1; fi``."""
    commands = re.findall(r"^if ! \((.+)\); then exit 1; fi$", CI_RUN.read_text(), flags=re.M)
    assert len(commands) == 1, ".ci/run must run exactly one test command"
    return commands[0]


def shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.M | re.S)


def relative_links(markdown: str) -> list[str]:
    """Link targets that point into the repository (no scheme, no bare anchor)."""
    targets = (m.group(1) for m in LINK.finditer(markdown))
    return [t.split("#", 1)[0] for t in targets
            if not re.match(r"[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


def test_readme_test_command_is_what_ci_runs():
    command = ci_test_command()
    assert "pip install -e '.[test]'" in command and "pytest" in command
    blocks = shell_blocks(README.read_text(encoding="utf-8"))
    assert [command] in [block.splitlines() for block in blocks], (
        f"the README must show .ci/run's test command as its own sh block: {command}")


def test_quick_start_makes_a_virtual_environment_first():
    quick = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in shell_blocks(quick) for line in block.splitlines()]
    assert len(commands) == 2
    assert all(line.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
               for line in commands), commands
    assert "3.11" in quick and "chromium" in quick and "pipx install ." in quick


def test_every_relative_link_resolves_to_a_file():
    documents = [README, *sorted((ROOT / "docs").glob("*.md"))]
    checked = 0
    for doc in documents:
        for target in relative_links(doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).is_file(), f"{doc.relative_to(ROOT)} links {target}"
            checked += 1
    assert checked >= 5  # the README links its docs and pictures


def test_link_finder_sees_broken_and_ignores_external_links():
    text = "[a](rules.md) ![b](docs/x.png) [c](https://example.org/y) [d](#quick-start) [e](f.md#s)"
    assert relative_links(text) == ["rules.md", "docs/x.png", "f.md"]
