"""Remediation text shared by rule families (rules.md 1.5): each shared paragraph once."""

from __future__ import annotations

PRESERVE = ("Preserve before you delete: if a complaint, disqualification motion or litigation "
            "hold concerns the item, export a copy and consult first, so removal is not read "
            "as concealment.")


def with_preserve(action: str) -> str:
    """``action`` followed by the preserve-before-you-delete paragraph (one space between)."""
    return f"{action.rstrip()} {PRESERVE}"
