# Members: /start /help /lang
start-welcome = Hello, { $name }! Welcome to the Study Assistant.
start-welcome-back = Welcome back, { $name }!
start-about = I send the monthly political theory study materials and the Party Constitution Study Day reminders, run quiz challenges like the Xuexi Qiangguo app, and keep the points and rankings used to pick the top learners. Send /help to see the commands.
help-header = Commands you can use:
cmd-start = register and get started
cmd-help = list the commands you can use
cmd-lang = switch language (中文 / English)
cmd-grant = make someone an organiser: /grant user-id or @username
cmd-revoke = take the organiser role back: /revoke user-id or @username
help-upload-bank = Admins can also send a question bank file ({ $suffixes }) in this private chat to add or update a bank: I list the questions and problems found and save it only when you confirm.
lang-switched = Switched to English. Send /lang zh to switch to Chinese.
lang-unknown = That language is not supported; choose one of: { $choices }.
unknown-command = I don't know that command. Send /help to see the commands.
start-link-refused = This link did not put you in a study group: { $problem } The link may be out of date (the join code was changed); ask an organiser for a new invite link.
media-not-understood = The bot cannot read stickers, photos, voice messages and the like. To answer, press a button or reply with text; send /help to see the commands.
edit-not-read = Edited messages are not read again: an answer counts as first sent; to run a command, send it again.
anonymous-sender = You are posting anonymously (as the group or a channel), so I cannot tell who you are and did not run the command. Turn off "Remain anonymous" in your group admin settings and send it again.
