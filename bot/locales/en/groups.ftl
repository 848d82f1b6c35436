# Study groups: creating, join codes, joining and leaving, moving, linked chats, groups file
cmd-newgroup = create a study group: /newgroup name
cmd-renamegroup = rename a study group: /renamegroup old-name new-name
cmd-delgroup = remove a study group (its members keep their points and are in no group): /delgroup name
cmd-newcode = give a study group a new join code: /newcode name
cmd-grouplist = list the study groups with their join codes and sizes
cmd-move = move a member to a study group: /move user-id or @username group ("-" for none)
cmd-removemember = remove a member from the programme (history kept, no longer ranked, no more pushes): /removemember user-id or @username
cmd-linkgroup = send in a Telegram group to link it to a study group: /linkgroup name
cmd-join = join a study group with its code: /join CODE
cmd-leave = leave your study group

usage-newgroup = Usage: /newgroup name (for example /newgroup Youth Study Group 1)
usage-renamegroup = Usage: /renamegroup old-name new-name (quote names that contain spaces)
usage-delgroup = Usage: /delgroup name (or its join code, or #number)
usage-newcode = Usage: /newcode name
usage-move = Usage: /move user-id or @username group; "-" as the group takes the member out of their group
usage-removemember = Usage: /removemember user-id or @username
usage-linkgroup = Usage: send /linkgroup name in the Telegram group to link
usage-join = Usage: /join CODE (ask an organiser for the code, for example /join K7M2QX)

error-with-usage = { $problem }
    { $usage }

group-not-found = There is no study group "{ $ref }". Send /grouplist to see them all.
group-bad-code = The join code "{ $code }" is not right; please check it and try again.
group-not-in-any = You are not in a study group. Send /join CODE to join one.
group-link-needs-group-chat = Send /linkgroup in the Telegram group you want to link, not in a private chat.
group-name-empty = A study group needs a name.
group-name-too-long = The name "{ $name }" is too long: 100 characters at most.
group-name-ambiguous = The name "{ $name }" could be taken for a period, a number or another argument; please choose another (not starting with # / @, not only digits, not a period such as "month" or "2020-05").
group-name-taken = There is already a study group called "{ $name }".
group-code-invalid = The join code "{ $code }" is not valid: 4 to 32 letters or digits.
group-code-taken = The join code { $code } belongs to another group.

group-created = Created the study group "{ $name }"; join code: <code>{ $code }</code>
    Members send /join { $code } to join.
group-renamed = Renamed the study group "{ $old }" to "{ $name }".
group-removed = Removed the study group "{ $name }". { $members ->
    [one] Its only member is now in no group; their points
   *[other] Its { $members } members are now in no group; their points
  } and history are kept.
group-new-code = New join code of "{ $name }": <code>{ $code }</code> (the old one no longer works)
group-list-empty = There are no study groups yet. Send /newgroup name to create one.
group-list-header = { $count } { $count ->
    [one] study group
   *[other] study groups
  }:
group-line = #{ $id } { $name } · code <code>{ $code }</code> · { $members } { $members ->
    [one] member
   *[other] members
  }{ $chat }
group-chat-linked = { " " }· linked chat <code>{ $chat }</code>
group-chat-bot-absent = { " " }(the bot was removed from it: pushes paused)
group-chat-bot-muted = { " " }(the bot may not send messages there: pushes fail)
member-removed = Removed { $name } ({ $id }) from the programme: their points are kept but no longer ranked, and they get no more pushes. /move brings them back.
member-removed-code-hint = They can also come back by themselves with the join code or invite link of the study group "{ $group }" (the admins are told); to prevent that, replace the code with /newcode { $group }.
member-already-removed = { $name } ({ $id }) has already been removed from the programme.
member-came-back = { $name } ({ $id }), who had been removed from the programme, came back by themselves with a join code or invite link into the study group "{ $group }": ranked and receiving pushes again. If that is wrong, remove them again with /removemember { $id } and replace the code with /newcode { $group }.
group-chat-not-linked = This chat is not linked to a study group yet, so /join alone cannot tell which. An organiser sends /linkgroup group-name here; or use the join code an organiser gave you: /join CODE.
group-bot-added = Hello everyone, I am the study assistant. An organiser sends /linkgroup group-name here to link this chat to a study group; then members send /join here to join it. An organiser sends /contest to run a quiz contest here. This chat's id: <code>{ $chat }</code> (for a schedule's audience.chats).
group-linked = This chat is now linked to the study group "{ $name }". Members can send /join here to join it (or use the code <code>{ $code }</code>).
group-already-linked = This chat is already linked to the study group "{ $name }".
group-bot-removed = ⚠️ { $by } removed the bot from the group chat "{ $title }" (id <code>{ $chat }</code>). Until the bot is back there, pushes and scheduled quiz contests to that chat are paused.
group-bot-removed-linked = The chat stays linked to the study group "{ $name }": once the bot is back, no /linkgroup is needed.
group-bot-removed-contest = The quiz contest running there has ended; the { $count } who answered are scored as usual.
group-bot-removed-fix = To fix it: the chat's owner or an admin adds the bot to the chat again, and pushes resume.
group-bot-back = ✅ The bot is back in the group chat "{ $title }" (id <code>{ $chat }</code>): pushes to it resume.
group-bot-muted = ⚠️ { $by } took the bot's right to send messages in the chat "{ $title }" (id <code>{ $chat }</code>): the bot is still in it, but pushes to the chat and quiz contests there cannot be sent.
group-bot-muted-push = ⚠️ The push { $id } could not be sent to the chat "{ $title }" (id <code>{ $chat }</code>): the bot may not send messages there (it was muted).
group-bot-muted-linked = The chat is linked to the study group "{ $name }".
group-bot-muted-pushes = Pushes to the chat: { $ids }.
group-bot-muted-fix = To fix it: the chat's owner or an admin gives the bot the right to send messages in the chat's settings (or makes it an admin); the next pushes then go out, nothing else to do. You are not told again until the bot can post there.
group-bot-may-post = ✅ The bot may send messages in the chat "{ $title }" (id <code>{ $chat }</code>) again: pushes to it resume.
group-link-replaced = It is no longer linked to "{ $old }".
group-left = You have left the study group "{ $name }". Your points stay and you are still ranked among everyone.
group-moved-out = Took { $name } out of their group ({ $old }); they are in no group now.
group-already-member = You are already in the study group "{ $group }".
group-already-member-admin = { $name } is already in the study group "{ $group }".
group-moved = Moved { $name } to the study group "{ $group }".
group-joined = Welcome to the study group "{ $group }"! It has { $members } { $members ->
    [one] member
   *[other] members
  } now. Send /rank to see its ranking.
group-joined-left-old = You have left your previous group "{ $old }".
group-rejoined = You are back in the programme and ranked again.
group-you-were-moved = An admin moved you to the study group “{ $group }”. Send /rank to see its ranking.
group-you-were-moved-out = An admin took you out of the study group “{ $old }”: you are in no group now. Your points stay and you are still ranked among everyone.
group-rejoined-admin = { $name } is back in the programme and ranked again.
group-already-in-none-admin = { $name } is not in any study group; nothing to change.

# The groups file (studybot groups import)
groups-file-unreadable = Cannot read the file: { $detail }
groups-file-yaml = YAML syntax error: { yaml-error }. { yaml-fix }
groups-file-no-groups = The file has no groups: list. See groups.example.yaml.
groups-file-not-a-group = This item is not a group: write "- name: group name".
groups-file-unknown-key = Unknown key "{ $key }"; the keys are: { $keys }.
groups-file-name-empty = The group has no name.
groups-file-name-too-long = The name "{ $name }" is too long: 100 characters at most.
groups-file-name-ambiguous = The name "{ $name }" could be taken for a period or a number; please choose another.
groups-file-bad-code = The join code "{ $code }" is not valid: 4 to 32 letters or digits.
groups-file-bad-chat = chat must be a Telegram group id (negative, such as -1001234567890), not "{ $chat }".
groups-file-bad-members = members must be a list, such as [123456789, "@zhangsan"].
groups-file-bad-member = The member "{ $member }" must be a Telegram user id or an @username.
groups-file-duplicate-name = The group "{ $name }" appears twice (first on line { $first }).
groups-file-duplicate-member = The member "{ $member }" is already listed in the group "{ $group }" (line { $first }): a member is in one group only.
groups-file-code-taken = The join code { $code } belongs to another group.
groups-file-duplicate-code = The join code { $code } appears twice (first on line { $first }): each group has its own.
groups-import-done = Imported: { $created } { $created ->
    [one] group
   *[other] groups
  } created, { $updated } updated, { $unchanged } unchanged; { $moved } { $moved ->
    [one] member
   *[other] members
  } placed ({ $registered } of them registered ahead of their first /start).
groups-import-unknown = Nobody has used the bot with these usernames, so they were not placed: { $members }
groups-import-failed = The groups file has problems; nothing was changed:
group-invite-link = Invite link (a member who opens it joins this group, with no code to type): { $link }
