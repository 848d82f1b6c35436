# Problems in push schedule files (schedules/*.yaml): each names the problem and the fix.
# Shown by studybot check and in the start-up log; the code puts "file:line [schedule id]" first.

problem-schedule-folder-missing = the schedules folder does not exist. Create it, or set schedules_dir in config.yaml to the right path.
problem-schedule-no-files = the schedules folder has no .yaml files, so nothing will be pushed. See schedules/README.md to write one.
problem-schedule-file-unreadable = the file cannot be read ({ $detail }). Check its permissions.
problem-schedule-file-encoding = the file is not UTF-8. Save it again as UTF-8.
problem-schedule-yaml-syntax = YAML syntax error: { yaml-error }. { yaml-fix }
problem-schedule-empty-file = the file holds no schedule and is ignored. Delete it if it is not needed.
problem-schedule-top-not-mapping = the top level must be one schedule (key: value lines) or a list of schedules (items starting with "- "). Compare with the examples in schedules/README.md.
problem-schedule-item-not-mapping = this list item is not a set of key: value lines. Write { $keys } and the other keys as in the examples.
problem-schedule-duplicate-key = key "{ $key }" appears twice (first on line { $first_line }). Remove one of them.
problem-schedule-unknown-key = unknown key "{ $key }". Allowed keys: { $allowed }.
problem-schedule-unknown-key-suggest = unknown key "{ $key }"; did you mean "{ $suggestion }"? Allowed keys: { $allowed }.
problem-schedule-key-not-text = a key must be plain text. Check how this line is written.
problem-schedule-value-not-text = the value of "{ $key }" must be text. Write it on the same line, quoted if needed; a text that starts with {"{"} or [ must be quoted as a whole, e.g. text: "{"{"}姓名{"}"}同志".
problem-schedule-value-not-mapping = the value of "{ $key }" must be key: value lines. Compare with the examples in schedules/README.md.
problem-schedule-value-not-list = the value of "{ $key }" must be a list, such as [a, b] or one "- " line per item.
problem-schedule-missing-key = "{ $key }" is missing. Add the key and its value.
problem-schedule-bool-invalid = "{ $key }" is "{ $value }", not true or false. Write true or false.
problem-schedule-id-invalid = schedule id "{ $id }" is not valid. Use lowercase letters, digits, - and _, starting with a letter or digit, at most { $max } characters.
problem-schedule-duplicate-id = schedule id "{ $id }" is already used at { $other }. Every schedule needs its own id; rename one.
problem-schedule-title-missing = the title is empty. Write a short title.
problem-schedule-bad-trigger = trigger "{ $text }" is not understood. Accepted forms: daily at 08:30, weekly on mon,thu at 09:00, monthly at 09:00, monthly on day 15 at 09:00, monthly on the last day at 18:00, once at 2026-06-01 09:00, the Chinese forms 每天 08:30, 每周一 09:00, 每月1日 09:00, 每月最后一天 18:00, 2026-06-01 09:00, or a 5-field cron expression such as "0 9 1 * *". Times are 24-hour HH:MM; quote the whole trigger.
problem-schedule-bad-time = the time { $time } in trigger "{ $text }" does not exist. Use a 24-hour time from 00:00 to 23:59.
problem-schedule-bad-day = day { $day } in trigger "{ $text }" does not exist. Days of the month are 1 to 31; for month ends write "monthly on the last day".
problem-schedule-bad-weekday = "{ $value }" in trigger "{ $text }" is not a weekday. Write mon, tue, wed, thu, fri, sat, sun (or the full names, or 周一…周日).
problem-schedule-bad-date = the date in trigger "{ $text }" does not exist. Write a real date such as 2026-06-01 09:00.
problem-schedule-bad-cron = cron expression "{ $text }" is invalid ({ $detail }). Use 5 fields: minute hour day month weekday, e.g. "0 9 1 * *" (09:00 on the 1st); weekday 0 or 7 is Sunday.
problem-schedule-bad-cron-fields = cron expression "{ $text }" has { $count } { $count ->
    [one] field
   *[other] fields
  }; it needs 5: minute hour day month weekday. Seconds and years are not supported.
problem-schedule-cron-day-and-weekday = cron expression "{ $text }" restricts both the day of the month and the weekday. Classic cron fires when either matches, which is easy to misread; split it into two schedules or make one of the fields *.
problem-schedule-never-fires = trigger "{ $trigger }" never comes (a date such as 30 February). Change it to a date that exists.
problem-schedule-no-fires-in-range = trigger "{ $trigger }" never fires inside the active range. Check the active dates or the trigger.
problem-schedule-day-skips-months = day { $day } does not exist in shorter months, which get no push. To push every month use "monthly on the last day" or an earlier day.
problem-schedule-unknown-timezone = unknown timezone "{ $value }". Use an IANA timezone name such as Asia/Shanghai.
problem-schedule-unknown-timezone-suggest = unknown timezone "{ $value }"; did you mean "{ $suggestion }"?
problem-schedule-date-invalid = "{ $key }" is "{ $value }", not a date. Write it like 2026-01-01.
problem-schedule-active-inverted = the active range ends ({ $end }) before it starts ({ $start }). Swap or correct the dates.
problem-schedule-audience-invalid = audience "{ $value }" is not valid. Write all, or {"{"}groups: [group codes]{"}"} and/or {"{"}chats: [chat ids]{"}"}.
problem-schedule-audience-empty = the audience lists no group and no chat. Add at least one under groups or chats, or write all.
problem-schedule-audience-only-invalid = The only value "{ $value }" is not known. Write daily_quiz_not_done (or 今日未答题): push only to members who have not finished today's daily quiz; or political_birthday (or 政治生日): push only to members whose political birthday is today.
problem-schedule-audience-only-needs-members = only applies to members: add all: true or groups: [group codes] as well (chats are not affected by only).
problem-schedule-group-invalid = group code "{ $value }" is not valid. Write the group's code, without spaces.
problem-schedule-chat-invalid = chat id "{ $value }" is not valid. Write the numeric id; groups and channels usually start with -100.
problem-schedule-catch-up-invalid = catch-up setting "{ $value }" is not valid. Write skip, or {"{"}within: 2h{"}"} to send fires that are less than 2 hours late.
problem-schedule-bad-duration = duration "{ $value }" is not understood. Write it like 90s, 30m, 2h, 1d or 1h30m.
problem-schedule-duration-zero = catch-up window "{ $value }" must be longer than zero. To never catch up, write catch_up: skip.
problem-schedule-content-empty = the content is empty. Write at least one of text, files, links or series.
problem-schedule-text-too-long = the message text has { $length } characters, more than Telegram's { $max } per message. Shorten it or split it into series items.
problem-schedule-html-unknown-tag = HTML tag <{ $tag }> is not supported. Telegram accepts <b> <i> <u> <s> <a href> <code> <pre> <blockquote> and a few more; to show "<" write &lt;.
problem-schedule-html-br = Telegram does not support <{ $tag }>. Start a new line instead (a new line inside the text: | block).
problem-schedule-html-unclosed = tag <{ $tag }> is not closed. Add </{ $tag }> where it should end.
problem-schedule-html-unexpected-close = closing tag </{ $tag }> has no matching <{ $tag }>. Remove it or add the opening tag.
problem-schedule-html-bad-attribute = tag <{ $tag }> cannot have attribute "{ $attribute }". Links are <a href="https://...">, spoilers <span class="tg-spoiler">.
problem-schedule-html-missing-href = link tag <a> has no href. Write <a href="https://...">text</a>.
problem-schedule-html-stray-lt = this "<" does not start a tag. To show a less-than sign write &lt;.
problem-schedule-html-bad-nesting = Telegram does not allow <{ $tag }> here (nothing may go inside <pre> or <code> except <code> in <pre>; links and quotes do not nest). Reorder the tags.
problem-schedule-html-unknown-entity = Telegram only knows &lt; &gt; &amp; &quot; and numeric entities; "{ $entity }" will be shown as typed. Use the character itself.
problem-schedule-file-not-found = file "{ $file }" does not exist. Paths are relative to the schedules folder; check the name or put the file there first.
problem-schedule-file-outside = file "{ $file }" is outside the schedules folder. Put it under schedules/materials/ and write the relative path.
problem-schedule-file-too-large = file "{ $file }" is about { $size } MB, over the { $max } MB a bot can send. Compress or split it, or send a link instead.
problem-schedule-file-ref-invalid = "{ $value }" is neither a file path nor a Telegram file_id. A path contains "/" or ends with a known extension (materials/notes.pdf); a file_id is 20 or more letters, digits, _ and -.
problem-schedule-url-invalid = URL "{ $url }" is not valid. Write a full address starting with https://.
problem-schedule-points-invalid = points "{ $value }" is not valid. Write a whole number from { $min } to { $max }.
problem-schedule-questions-invalid = question count "{ $value }" is not valid. Write a whole number from { $min } to { $max }.
problem-schedule-unknown-bank = there is no question bank "{ $bank }". Existing banks: { $known }.
problem-schedule-unknown-bank-suggest = there is no question bank "{ $bank }"; did you mean "{ $suggestion }"? Existing banks: { $known }.
problem-schedule-bank-has-errors = bank "{ $bank }" has errors and was not loaded (see the problems in { $file }). This push still goes out on time, without its quiz button (a contest does not start), until that bank file is fixed and /reload is sent.
problem-schedule-series-empty = the series has no items. Add at least one, or remove series.
problem-schedule-on-end-invalid = on_end "{ $value }" is not valid. Write stop (end after the last item) or repeat (start again).
problem-schedule-item-empty = this item has no text, files or links. Add text, files or links.
problem-schedule-series-too-short = the schedule fires more often in its active range than the series has items ({ $items }); fires after the last item send nothing. Add items, shorten the active range, or set on_end: repeat.
problem-schedule-series-unused = the schedule fires only { $fires ->
    [one] once
   *[other] { $fires } times
  } in its active range but the series has { $items } items; { $unused ->
    [one] the last one is never sent.
   *[other] the last { $unused } are never sent.
  } Extend the active range or remove items.
problem-schedule-contest-seconds-invalid = seconds per question "{ $value }" is not valid. Write a whole number from { $min } to { $max }.
problem-schedule-contest-needs-chats = a quiz contest (contest) runs in group chats, but the audience lists none. Add the group's chat id under audience: chats (such as -1001234567890).
problem-schedule-years-needs-birthdays = The text uses {"{"}党龄{"}"} (years in the Party), which only a push with only: political_birthday knows for each member it reaches. Add only: political_birthday to the audience (with no chats), or take {"{"}党龄{"}"} out.
problem-schedule-no-more-fires = This schedule will never push again: its trigger "{ $trigger }" has passed. Move the time into the future; if it is no longer needed, delete it or write enabled: false.
problem-schedule-active-ended = This schedule will never push again: its active range ended on { $until }. Move until into the future (or take it out); if it is no longer needed, delete it or write enabled: false.
problem-schedule-bank-disabled = This schedule's quiz button or contest draws from the bank { $bank }, which is disabled (enabled: false in its file): members who press the button are told the bank is disabled, and no contest starts. Enable the bank (take enabled: false out), or name an enabled bank.
