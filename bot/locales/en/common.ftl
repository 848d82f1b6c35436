# Common messages
app-name = Study Assistant
db-revision = Database revision: { $revision }
bot-started = The bot is running ({ $mode }); press Ctrl+C to stop.
check-summary = Check finished: { $banks } question banks ({ $questions } questions), { $schedules } schedules; { $errors } errors, { $warnings } warnings.
