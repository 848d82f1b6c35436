# Quiz contests in group chats
cmd-contest = start a quiz contest in a group: /contest [bank or tag] [questions] [seconds each]
cmd-stopcontest = end this group's quiz contest early and show the standings
contest-announce-title = 📣 <b>Quiz contest</b>
contest-announce-plan = { $questions } { $questions ->
    [one] question
   *[other] questions
  }, { $seconds } { $seconds ->
    [one] second
   *[other] seconds
  } each, from { $source }.
contest-fewer-questions = ({ $requested } { $requested ->
    [one] question was
   *[other] questions were
  } asked for; only { $available } can be asked as polls.)
contest-source = "{ $source }"
contest-source-all = all question banks
contest-announce-group = Study group linked to this chat: { $group }
contest-announce-rules = Questions come as polls: just tap your answer; only your first answer to a question counts. Each correct answer earns { $points } { $points ->
    [one] point
   *[other] points
  }; equal points are ranked by total time (a question not answered counts its full time).
contest-countdown = ⏳ The first question comes in { $seconds } { $seconds ->
    [one] second
   *[other] seconds
  }. Get ready!
contest-closed = ⏱ Question { $number }/{ $total } is over. Correct answer: { $answer }
contest-closed-stats = { $right } right out of { $answered } { $answered ->
    [one] answer
   *[other] answers
  }
contest-explanation = 📖 Explanation: { $text }
contest-standings-title = 🏆 <b>Quiz contest results</b>
contest-stopped-title = 🏁 <b>The quiz contest was ended early; standings so far</b>
contest-standings-summary = { $asked } { $asked ->
    [one] question
   *[other] questions
  } asked, { $people } taking part.
contest-standings-none = Nobody answered in this contest.
contest-standings-line = { $mark } { $name }{ $group }: { $points } { $points ->
    [one] point
   *[other] points
  } ({ $correct } right, { $time } s)
contest-in-group = { " " }({ $group })
contest-standings-more = … and { $count } more taking part.
contest-group-credit = 🚩 Study group "{ $group }": { $members } { $members ->
    [one] member
   *[other] members
  } took part and earned { $points } { $points ->
    [one] point
   *[other] points
  }.
contest-standings-footer = Points have been added to each participant's own total: tap { $link } to open your private chat with the bot and send /me to see yours.
contest-groups-only = Quiz contests run in group chats: add the bot to your study group's chat and send /contest there.
contest-already-running = A quiz contest is already running in this chat. Wait for it to end, or an organiser can end it with /stopcontest.
contest-none-running = There is no quiz contest running in this chat.
contest-anonymous-vote = ⚠️ An admin answered anonymously (as the group): Telegram does not tell the bot who it is, so such answers count for nobody. To take part, turn off "Remain anonymous" in your group admin settings and answer the next question.
contest-no-poll-rights = ⚠️ The bot is not allowed to send polls in this group, so the quiz contest cannot go on and has ended. Ask a group admin to allow polls (or make the bot an admin), then send /contest again.
contest-no-match = No bank or tag called "{ $filter }". Send /banks to see the banks.
contest-no-questions = There are no questions a contest can use (fill-in questions cannot be answered in a poll, so contests leave them out).
contest-bad-questions = { $value } { $value ->
    [one] question
   *[other] questions
  } is out of range: write a whole number from { $min } to { $max }. For example: /contest theory-study 10 30
contest-bad-seconds = { $value } { $value ->
    [one] second
   *[other] seconds
  } is out of range: write a whole number from { $min } to { $max }. For example: /contest theory-study 10 30
