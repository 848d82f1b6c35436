# Quizzes
quiz-mode-daily-practice = Daily quiz (practice)
quiz-mode-daily = Daily quiz
quiz-mode-challenge = Challenge
quiz-mode-practice = Practice
quiz-mode-retry = Retry mistakes
qtype-single = single choice
qtype-multiple = multiple choice
qtype-judge = true or false
qtype-fill = fill in the blank
# A true/false question's two options (buttons, polls, answers), true first
quiz-judge-true = True
quiz-judge-false = False
quiz-counter-of = question { $number }/{ $total }
quiz-counter = question { $number }
quiz-fill-hint = ✍️ Reply with your answer.
quiz-multiple-hint = Tick every correct option, then press Submit.
quiz-time-limit = ⏱ { $seconds } { $seconds ->
    [one] second
   *[other] seconds
  }
quiz-time-left = ⏱ { $seconds ->
        [one] { $seconds } second left
       *[other] { $seconds } seconds left
    }
quiz-submit = ✅ Submit
quiz-correct = ✅ Correct! Your answer: { $given }
quiz-wrong = ❌ Wrong. Your answer: { $given }; the correct answer: { $answer }
quiz-timed-out = ⏰ Time is up. The correct answer: { $answer }
quiz-withdrawn = ⚠️ This question was removed or changed in its bank after it was sent, so this time it does not count.
quiz-points-earned = +{ $points } { $points ->
    [one] point
   *[other] points
  }
quiz-explanation = 📖 Explanation: { $text }
quiz-toast-right = Correct
quiz-toast-wrong = Wrong
quiz-summary-title = 🏁 { $mode } finished
quiz-summary-score = { $correct } of { $answered } correct
quiz-summary-time = Time: { $minutes } min { $seconds } s
quiz-summary-streak = Streak this time: { $streak }; your best: { $best }
quiz-summary-points = Points earned: { $points }
quiz-summary-practice = This was practice; no points.
quiz-retry-wrong = 🔁 Retry the ones I got wrong
quiz-retry-resumed = Your retry is under way; here is its current question again.
quiz-resumed = You have a quiz in progress; here is the current question:
quiz-daily-practice = Today's daily quiz has already been scored; this round is practice, without points.
quiz-stale = That question has already been answered or has expired.
quiz-no-wrong = No wrong answers in that quiz, nothing to retry.
quiz-none-active = You have no quiz in progress. Send /quiz to start the daily quiz.
quiz-daily-unfinished = Today's daily quiz is not finished ({ $answered }/{ $total } answered). Answer the question above first; to give up the rest (it cannot score again today), send /stop, then start again.
quiz-daily-unfinished-earlier-day = The daily quiz you began before midnight is not finished ({ $answered }/{ $total } answered); its points still count for that day. Answer the question above first; to give up the rest, send /stop, then start again.
quiz-select-first = Tick at least one option before pressing Submit.
quiz-use-buttons = Press a button to answer, or reply with the option letters (such as A or AC).
quiz-use-buttons-judge = Press a button to answer, or reply true or false.
quiz-use-poll = Tap your answer in the poll above, or reply with its letter (A, B, C… from the top).
quiz-use-poll-judge = Tap your answer in the poll above, or reply true or false.
quiz-one-letter = This question has one correct option; choose just one.
quiz-no-questions = There are no questions available yet; please tell an admin.
quiz-no-match = No question bank or tag called "{ $filter }". Send /banks to see the banks.
bank-has-errors = The question bank "{ $filter }" has errors in its file and cannot be played until an admin fixes it. Send /banks to see the banks you can play.
bank-switched-off = The question bank "{ $filter }" is disabled, so it cannot be played now. Send /banks to see the banks you can play.
quiz-private-only = Quizzes are taken in your private chat with me only: send /quiz, /challenge or /practice here.
quiz-sent-to-private = The questions are in your private chat with me: answer them there.
quiz-open-private-first = I cannot write to you yet: open a private chat with me (tap my name, then Start, or send /start), then come back and press this button again.
text-not-understood = I didn't understand that. Send /help to see the commands.
command-full-width = Commands start with a half-width slash "/": send { $command } (switch the keyboard to half-width or English).
banks-none = There are no question banks yet.
banks-header = 📚 Question banks:
banks-line = • { $title } ({ $id }): { $total } { $total ->
    [one] question
   *[other] questions
  } ({ $counts })
banks-type-count = { $type } { $count }
banks-type-separator = { ", " }
banks-disabled = [disabled]
banks-tags = { "  " }tags: { $tags }
banks-footer = Send /practice bank-id or /practice tag to practise.
cmd-quiz = daily quiz (scored once a day)
cmd-challenge = challenge: until the first mistake
cmd-practice = practise without points: /practice bank or tag
cmd-stop = stop the current quiz
cmd-banks = list the question banks
admin-content-failed = ⚠️ These question bank or schedule files have errors and were skipped: { $files }. Run studybot check to see every problem.
admin-push-without-bank = ⚠️ Push { $id } ({ $time }) went out on time without its quiz button (no contest started): bank "{ $bank }" has errors and was not loaded. Fix { $file } and send /reload; later pushes get their quiz back. What to fix:
admin-more-problems = …and { $count } { $count ->
    [one] more problem
   *[other] more problems
  }.
