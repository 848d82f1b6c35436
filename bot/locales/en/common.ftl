# Common messages
app-name = Study Assistant
db-revision = Database revision: { $revision }
bot-started = The bot is running ({ $mode }); press Ctrl+C to stop.
check-summary = Check finished: { $banks } question banks ({ $questions } questions), { $schedules } schedules; { $errors } errors, { $warnings } warnings.
console-intro = Terminal chat (local sandbox, no Telegram). Type a message or a command such as /start or /quiz; type a button's number to press it; /quit to leave.
console-edited = (edited)
console-file = file
