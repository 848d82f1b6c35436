# Pushes
push-ack-button = ✅ Studied (+{ $points } { $points ->
    [one] point
   *[other] points
  })
push-ack-done = ✅ Studied
push-quiz-button = 📝 Start the quiz
push-nudge = ⏰ Reminder: you have not studied "{ $title }"{ $place } yet. When you have, press "Studied" below.
push-series-place = { " " }({ $place })
push-ack-thanks = Recorded, +{ $points } { $points ->
    [one] point
   *[other] points
  }!
push-ack-already = You have already marked this as studied.
push-ack-unknown = This message's buttons earn no points (perhaps it is a preview).
push-none = No schedules yet. Add YAML files under schedules/ or use /newpush.
push-list-header = 📅 Schedules:
push-list-line = • { $id }: { $title }{ $state }
    next: { $next }; { $last }
push-last = last: { $when } ({ $status })
push-never = never sent
push-paused = { " " }[paused]
push-disabled = { " " }[disabled]
fire-sending = { $count ->
    [0] no recipients
    [one] sent, 1 recipient
   *[other] sent, { $count } recipients
  }
fire-skipped = missed, skipped
fire-exhausted = series finished
fire-already_sent = this item had gone out already
push-unknown-schedule = There is no schedule { $id }. Send /schedules to see the ids.
push-series-finished = The series of schedule { $id } is finished: there is nothing left to send or preview.
push-never-fired = Schedule { $id } has not been sent yet.
push-nothing-to-nudge = Schedule { $id } has no push awaiting "Studied", so there is nobody to remind.
push-nudge-busy = A reminder was just sent; try again in a moment.
push-preview-note = A preview of schedule { $id }, sent to you only:
push-queued = Schedule { $id } is being sent to { $count } { $count ->
    [one] recipient
   *[other] recipients
  }. Send /pushstats { $id } to follow it.
push-now-paused = Schedule { $id } is paused. Pushes due while paused are not sent later.
push-now-resumed = Schedule { $id } is running again.
push-unchanged = Schedule { $id } was already in that state.
push-nudged = Reminded { $count } { $count ->
    [one] member who has
   *[other] members who have
  } not studied it yet ({ $id }).
stats-header = 📊 { $id }, last push ({ $when }):
stats-line = { $recipients } { $recipients ->
    [one] recipient
   *[other] recipients
  }: { $sent } delivered, { $pending } pending, { $failed } failed, { $blocked } blocked, { $uncertain } outcome unknown
stats-acks = Studied: { $count } ({ $share })
stats-group = • { $group }: { $count }/{ $total } ({ $share })
stats-no-group = in no study group
stats-no-ack = This push has no "Studied" button, so there is no count of who studied it.
stats-blocked-why = Blocked: members who blocked the bot, or who never opened its private chat (known from a group, say); they get pushes again once they send /start to the bot.
stats-muted-why = Muted: { $count ->
    [one] one group chat
   *[other] { $count } group chats
  } got nothing of this push ({ $chats }): the chat's admins took the bot's right to send messages. The chat's owner or an admin gives the bot the right to send messages in the chat's settings, and the next pushes arrive.
stats-muted-chat = { $chat } ({ $group })
reload-done = Reloaded: { $banks } { $banks ->
    [one] question bank
   *[other] question banks
  }, { $schedules } { $schedules ->
    [one] schedule
   *[other] schedules
  }.
push-audience-groups-missing = ⚠️ Schedule { $id } is addressed to the study group “{ $groups }”, but no study group goes by that name: nobody gets it there. Correct the schedule file with the names (or join codes) /grouplist shows, then send /reload.
push-audience-groups-separator = ”, “
usage-preview = Usage: /preview schedule-id
usage-pushnow = Usage: /pushnow schedule-id
usage-pause = Usage: /pause schedule-id
usage-resume = Usage: /resume schedule-id
usage-pushstats = Usage: /pushstats schedule-id
usage-nudge = Usage: /nudge schedule-id
cmd-schedules = list schedules (next time, last result)
cmd-preview = preview a push, to yourself only: /preview id
cmd-pushnow = send a push now: /pushnow id
cmd-pause = pause a schedule: /pause id
cmd-resume = resume a schedule: /resume id
cmd-pushstats = push statistics: /pushstats id
cmd-nudge = remind members who have not studied it: /nudge id
cmd-reload = reload the question bank and schedule files
newpush-ask-content = 📝 New push: send the content (text, or forward a file or photo, with a caption if you like). Send /cancel at any time to stop.
newpush-reply-in-group = (In a group chat, reply to this message: I do not see the others.)
newpush-ask-audience = Who should get it?
newpush-all = All members
newpush-here = This group
newpush-ask-time = When? Press "Send now", or type a time such as 2026-12-01 09:00, daily at 09:00, weekly on monday at 09:00, monthly on day 1 at 09:00.
newpush-now = Send now
newpush-ask-confirm = Above is the preview. When: { $when }. Confirm to schedule it.
newpush-confirm = ✅ Confirm
newpush-cancel = ✖ Cancel
newpush-cancelled = The new push was cancelled.
newpush-nothing = Nothing is in progress.
newpush-scheduled = Schedule { $id } ({ $title }) created. Send /schedules to see its next time.
newpush-empty = The content is empty; send text, a file or a photo.
newpush-too-long = The content is too long: title and text come to { $length } characters, and a Telegram message holds { $max } at most. Cut at least { $over } and send it again, or send the full text as a file (its caption is the title).
newpush-file-needs-caption = Please send the photo again with a caption (its first line is the push's title).
newpush-bad-time = I can't read the time "{ $text }". Type for example 2026-12-01 09:00, daily at 09:00, weekly on monday at 09:00 or monthly on day 1 at 09:00.
newpush-time-past = The time "{ $text }" has already passed, so this push would never go out. Type a later time, or press "Send now".
newpush-time-passed = The time "{ $text }" passed before you confirmed, so the push was not created.
newpush-time-warning = ⚠️ Note: { $warning } You can still confirm; for another time, cancel and send /newpush again.
newpush-use-buttons = Please choose with the buttons above, or send /cancel.
newpush-expired = That step is over. Send /newpush to start again.
cmd-newpush = compose a new push, step by step
cmd-cancel = cancel what you are doing
push-everyone = everyone
