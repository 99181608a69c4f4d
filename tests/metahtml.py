"""Build Meta HTML-download pages (Facebook, Instagram) in the real markup, for tests and samples.

The markup follows what Meta's pages hold (formats.md 0.5, checked against open-source
parsers): a page skeleton whose ``div._a706`` holds one block per record; 2022+ blocks
``div._a6-g`` with header ``._a6-h`` (``h2`` in threads and Instagram), body ``._a6-p`` and date
footer ``._a6-o`` (the date in a ``._a72d`` div); ≤2021 blocks ``div._2lej.uiBoxWhite`` with
``._2lel``, ``._2let``, ``._2lem``; Instagram tables of ``td._a6_q`` label cells. All content
passed in is invented; text is HTML-escaped here.
"""

from __future__ import annotations

from html import escape

STYLE = "._a6-g{margin:8px}._a6-h{font-weight:bold}._a6-o{color:#555}"


def page(title: str, blocks: list[str], lang: str = "en") -> str:
    """A whole page: head with charset, title and style, the blocks inside ``._a706``."""
    body = "".join(blocks)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8" />'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            '<body class="_5vb_ _2yq _a7o5"><div class="clearfix _ikh"><div class="_4bl9">'
            '<div class="_li"><div class="_a705"><div class="_3-8y _3-95 _3b0b"><div '
            f'class="_a70e">{escape(title)}</div></div><div class="_a706" role="main">{body}'
            "</div></div></div></div></div></body></html>")


def block(header: str, body: str = "", date: str = "", *, body_html: str = "",
          h2: bool = False) -> str:
    """A 2022+ block: header, body (escaped text, or ready ``body_html``), date footer."""
    head_tag = "h2" if h2 else "div"
    inner = body_html or (f"<div>{escape(body)}</div>" if body else "")
    foot = (f'<div class="_3-94 _a6-o"><a href="#"><div class="_a72d">{escape(date)}</div></a>'
            "</div>" if date else "")
    head = (f'<{head_tag} class="_3-95 _2pim _a6-h _a6-i">{escape(header)}</{head_tag}>'
            if header else "")
    return (f'<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">{head}'
            f'<div class="_3-95 _a6-p"><div><div></div>{inner}<div></div></div></div>{foot}'
            "</div>")


def old_block(header: str, body: str = "", date: str = "") -> str:
    """A ≤2021 block (``_2lel`` header, ``_2let`` body, ``_2lem`` date)."""
    inner = f"<div><div>{escape(body)}</div></div>" if body else ""
    return (f'<div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder">'
            f'<div class="_3-96 _2pio _2lek _2lel">{escape(header)}</div>'
            f'<div class="_3-96 _2let">{inner}</div>'
            f'<div class="_3-94 _2lem">{escape(date)}</div></div>')


def message(sender: str, text: str, date: str) -> str:
    """One message of a thread page (sender in an ``h2``)."""
    return block(sender, text, date, h2=True)


def link(text: str, href: str) -> str:
    return f'<a target="_blank" href="{escape(href)}">{escape(text)}</a>'


def table(*rows: tuple[str, str], time: tuple[str, str] | None = None,
          hrefs: dict[str, str] | None = None) -> str:
    """An Instagram label/value table; ``time`` is the (label, date) row with two cells."""
    hrefs = hrefs or {}
    cells = []
    for label, value in rows:
        shown = link(value, hrefs[label]) if label in hrefs else escape(value)
        cells.append(f'<tr><td colspan="2" class="_2pin _a6_q">{escape(label)}<div><div>{shown}'
                     "</div></div></td></tr>")
    if time:
        cells.append(f'<tr><td class="_2pin _a6_q">{escape(time[0])}</td>'
                     f'<td class="_2pin _2piu _a6_r">{escape(time[1])}</td></tr>')
    return f'<table style="table-layout: fixed;">{"".join(cells)}</table>'


def table_block(header: str, table_html: str, date: str = "") -> str:
    """A 2022+ block whose body is a table (Instagram comments, searches, profile)."""
    return block(header, date=date, body_html=f"<div>{table_html}</div>")


def account_block(user: str, date: str, header: bool = False) -> str:
    """An Instagram follower/following entry: the linked account, the date below it."""
    inner = (f"<div>{link(user, f'https://www.instagram.com/{user}')}</div>"
             f"<div>{escape(date)}</div>")
    return block(user if header else "", body_html=inner)


def owner_block(username: str, name: str) -> str:
    """The 2025 nested Owner box of a liked post (a block inside the block)."""
    inner = table(("Name", name), ("Username", username))
    return (f'<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">'
            f'<h2 class="_3-95 _2pim _a6-h _a6-i">Owner</h2><div class="_a6-p">{inner}</div>'
            "</div>")
