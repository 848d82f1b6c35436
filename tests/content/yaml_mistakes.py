"""Common YAML syntax mistakes with the Chinese words that explain each and the line shown.

Shared by the tests of the four readers (banks, schedules, groups file, config): the
mistakes break parsing before any reader looks at keys, so one text serves all four, read
by libyaml (banks, schedules) and by PyYAML's pure-Python parser (groups file, config).
"""

from __future__ import annotations

import pytest

# (text, words of the Chinese message, line)
YAML_MISTAKES = [
    pytest.param("id: a\ntitle: 比例: 1:2\n", "冒号用错了", 2, id="unquoted-colon"),
    pytest.param("id:a\ntitle: b\n", "冒号用错了", 2, id="no-space-after-colon"),
    pytest.param("id: a\nquestions:\n\t- id: q1\n", "这一行有 Tab", 3, id="tab-item"),
    pytest.param("id: a\n\ttitle: b\n", "这一行有 Tab", 2, id="tab-key"),
    pytest.param("id: a\ntitle\nquestions: []\n", "缺少冒号", 3, id="missing-colon"),
    pytest.param(
        "id: a\nquestions:\n  - id: q1\n    type: single\n   answer: A\n",
        "缩进没有对齐",
        5,
        id="indent-in-item",
    ),
    pytest.param("items:\n  - a\n  - b\n - c\n", "缩进没有对齐", 4, id="indent-of-item"),
    pytest.param('id: a\ntitle: "abc\nx: 1\ny: 2\n', "引号没有成对", 5, id="double-quote"),
    pytest.param("id: a\ntitle: 'abc\nx: 1\n", "引号没有成对", 4, id="single-quote"),
    pytest.param("id: a\ntitle: *nope\n", "没有定义的锚点", 2, id="undefined-alias"),
    pytest.param("a: &x 1\nb: &x 2\nc: *x\n", "锚点名称（&名称）定义了两次", 2, id="anchor-twice"),
    pytest.param(
        "id: a\ntags: [a, b\nx: 1\n", "方括号 [ 或花括号 { 没有闭合", 3, id="open-bracket"
    ),
    pytest.param(
        "id: a\ntags: {a: 1, b: 2\nx: 1\n", "方括号 [ 或花括号 { 没有闭合", 3, id="open-brace"
    ),
    # A Chinese keyboard's colon after a key reads as part of a text: the line of that key
    # is shown, not the next one where the parser gave up.
    pytest.param("id: a\ntitle： 标题\nx: 1\n", "中文冒号", 2, id="fullwidth-colon"),
    pytest.param("id： a\ntitle: b\n", "中文冒号", 1, id="fullwidth-colon-first"),
    pytest.param("- id: a\n  title：标题\n  x: 1\n", "中文冒号", 2, id="fullwidth-colon-item"),
    # A text that starts as a mapping, a list or a quoted text and goes on: the start is
    # parsed as that, and the rest reads as a bad indentation (a push's {姓名}同志).
    pytest.param("id: a\ntitle: {姓名}同志\n", "要整段加引号", 2, id="text-after-braces"),
    pytest.param("id: a\ntitle: [注意] 学习\n", "要整段加引号", 2, id="text-after-brackets"),
    pytest.param('id: a\ntitle: "学习" 强国\n', "要整段加引号", 2, id="text-after-quotes"),
    # Any other mistake: PyYAML's own words, with the general advice.
    pytest.param(
        "a: 1\n---\nb: 2\n",
        "expected a single document in the stream; but found another document。",
        2,
        id="other",
    ),
]
