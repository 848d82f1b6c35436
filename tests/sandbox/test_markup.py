"""Telegram's HTML parse mode."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox.errors import ApiError
from bot.sandbox.markup import parse_html


@given(st.text())
def test_escaped_text_comes_back_unchanged(text: str) -> None:
    assert parse_html(html.escape(text, quote=False)) == (text, [])


@given(st.text(min_size=1), st.text())
def test_bold_entity_covers_the_text_in_utf16_units(bold: str, rest: str) -> None:
    plain, entities = parse_html(f"<b>{html.escape(bold)}</b>{html.escape(rest)}")
    assert plain == bold + rest
    assert entities == [
        {"type": "bold", "offset": 0, "length": len(bold.encode("utf-16-le")) // 2}
    ]


def test_offsets_count_utf16_units_after_astral_characters() -> None:
    plain, entities = parse_html("😀 <i>学习</i> &#128512;&amp;")
    assert plain == "😀 学习 😀&"
    assert entities == [{"type": "italic", "offset": 3, "length": 2}]


def test_links_spoilers_quotes_and_code_languages() -> None:
    _, entities = parse_html(
        '<a href="https://example.org">x</a><span class="tg-spoiler">s</span>'
        "<blockquote expandable>q</blockquote>"
        '<pre><code class="language-python">p</code></pre><code>c</code>'
    )
    assert entities == [
        {"type": "text_link", "url": "https://example.org", "offset": 0, "length": 1},
        {"type": "spoiler", "offset": 1, "length": 1},
        {"type": "expandable_blockquote", "offset": 2, "length": 1},
        {"type": "pre", "language": "python", "offset": 3, "length": 1},
        {"type": "code", "offset": 4, "length": 1},
    ]


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("学<x>", 'Unsupported start tag "x" at byte offset 3'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<a>x</a>", 'Tag "a" must have a valid attribute at byte offset 0'),
    ],
)
def test_errors_name_the_tag_and_byte_offset(markup: str, error: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(markup)
    assert caught.value.status == 400
    assert caught.value.description == f"Bad Request: can't parse entities: {error}"
