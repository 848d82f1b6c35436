"""Telegram's HTML parse mode: tags become entities, mistakes become Telegram's 400s.

Telegram parses formatting server-side and rejects the whole message when the markup is
wrong, which is a classic bug (an unescaped ``<`` in a quiz question). Only the tags Telegram
documents are accepted; offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import ApiError, bad_request

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_OTHER_TAGS = {"a", "span", "blockquote", "tg-emoji"}

_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s+[^<>]*?)?)\s*/?>")
_ATTR = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#[xX][0-9a-fA-F]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]
    start: int
    language: str | None = None


def _fail(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and its entities, or raise Telegram's parse error."""
    plain: list[str] = []
    length = 0  # UTF-16 length of the plain text so far
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    pos = 0
    while pos < len(markup):
        char = markup[pos]
        if char == "&":
            match = _ENTITY.match(markup, pos)
            piece = _decode_entity(match.group(1)) if match else "&"
            pos = match.end() if match else pos + 1
        elif char == "<":
            offset = len(markup[:pos].encode())
            match = _TAG.match(markup, pos)
            if match is None:
                raise _fail(f'Unsupported start tag "" at byte offset {offset}')
            closing, tag, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
            if closing:
                entities.extend(_close(stack, tag, length, offset))
            else:
                attributes = _attributes(attrs)
                language = attributes.get("class", "").removeprefix("language-") or None
                stack.append(_Open(tag, _open(tag, attributes, offset), length, language))
            pos = match.end()
            continue
        else:
            piece = char
            pos += 1
        plain.append(piece)
        length += utf16_len(piece)
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(plain), [entity for entity in entities if entity["length"] > 0]


def _decode_entity(name: str) -> str:
    if name.startswith(("#x", "#X")):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED[name]


def _attributes(raw: str) -> dict[str, str]:
    return {
        match.group(1).lower(): next((g for g in match.group(2, 3, 4) if g is not None), "")
        for match in _ATTR.finditer(raw)
    }


def _open(tag: str, attrs: dict[str, str], offset: int) -> dict[str, Any]:
    if tag in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[tag]}
    if tag == "a" and attrs.get("href"):
        return {"type": "text_link", "url": attrs["href"]}
    if tag == "span" and attrs.get("class") == "tg-spoiler":
        return {"type": "spoiler"}
    if tag == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if tag == "tg-emoji" and attrs.get("emoji-id"):
        return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
    if tag in _OTHER_TAGS:
        raise _fail(f'Tag "{tag}" must have a valid attribute at byte offset {offset}')
    raise _fail(f'Unsupported start tag "{tag}" at byte offset {offset}')


def _close(stack: list[_Open], tag: str, length: int, offset: int) -> list[dict[str, Any]]:
    if not stack:
        raise _fail(f"Unexpected end tag at byte offset {offset}")
    top = stack.pop()
    if top.tag != tag:
        raise _fail(
            f'Unmatched end tag at byte offset {offset}, expected "</{top.tag}>", found "</{tag}>"'
        )
    if tag == "code" and stack and stack[-1].tag == "pre":
        # <pre><code class="language-x"> is how Telegram spells a pre block's language.
        if top.language:
            stack[-1].entity["language"] = top.language
        return []
    return [{**top.entity, "offset": top.start, "length": length - top.start}]
