# YAML syntax errors: the question banks, schedules, groups file and config share these two.
# $yaml_kind names a common mistake (YAML_ERROR_KINDS in bot/content/yamlnodes.py); any
# other error (other) shows PyYAML's own words, $detail.
yaml-error = { $yaml_kind ->
    [colon] a colon in the wrong place: a key's colon has no space after it, a text holds an unquoted colon, or the line is indented further than the one above
    [fullwidth-colon] a key is followed by a full-width colon “：”: YAML knows only the ASCII colon, so the whole line was read as a text
    [tab] the line holds a tab character
    [no-colon] a colon is missing: this line (or the one above) is not "key: value" and does not continue the text above
    [indent] the indentation does not line up: this line does not start in the same column as the others at its level
    [quote] a quote (" or ') is not closed before the end of the file
    [alias] an alias (*name) refers to an anchor (&name) that is not defined
    [anchor] the same anchor (&name) is defined twice
    [flow] a [ or {"{"} is not closed
    [quote-whole] a text starts with {"{"}, [ or a quote and goes on after it: its start was read as a mapping, a list or a quoted text
   *[other] { $detail }
  }
yaml-fix = { $yaml_kind ->
    [colon] Write each key as "key: value" with a space after the colon; put text that contains a colon in quotes, e.g. question: "a ratio of 1:2"; start the keys of one level in the same column.
    [fullwidth-colon] replace the “：” after the key with an ASCII colon and a space, for example title: 主题党日 (switch the input method to half-width punctuation first). Full-width colons inside a text are fine.
    [tab] YAML indents with spaces only: replace the tabs with spaces (most editors can insert spaces when Tab is pressed).
    [no-colon] Add the colon and a space after the key (key: value); if the line continues the text above, write that text on one line, in quotes.
    [indent] Start the keys and "- " items of one level in the same column and indent the level below by two more spaces; line this line up with the ones above.
    [quote] Find the text that has only its opening quote and add the closing one: the same straight quote, not a curly or Chinese quote (“ ”).
    [alias] Define the anchor with &name before using *name, and check the spelling; quote text that merely starts with *.
    [anchor] Rename one of the anchors; quote text that merely starts with &.
    [flow] Add the matching ] or {"}"}, e.g. tags: [constitution, political-building]; quote text that contains commas, brackets or braces.
    [quote-whole] Put the whole text in straight quotes, e.g. text: "{"{"}name{"}"}, happy political birthday!"; if the text holds double quotes, put it in single quotes (') instead.
   *[other] Check this line and the one before: aligned indentation (spaces only, no tabs), a space after each colon, matching quotes.
  }
