# Common messages
app-name = Study Assistant
db-revision = Database revision: { $revision }
db-no-such-revision = The database is unchanged: cannot migrate to revision “{ $revision }” ({ $detail }). The revisions: { $known }; also head (the newest), base (empty: deletes all data) or a number of steps such as -1 or +1. studybot db current shows the current one.
backup-done = Database backed up to { $path } ({ $kib } KiB). README, "Backup and restore", says how to restore it.
backup-not-sqlite = studybot backup copies SQLite databases only. For PostgreSQL use pg_dump, for example: sudo -u postgres pg_dump -Fc DBNAME > studybot.dump (README, "Backup and restore").
backup-no-database = There is no database file { $path }. Check database_url in config.yaml, or run this in the folder of config.yaml (or name it with -c).
backup-target-exists = { $path } exists already; not overwritten. Choose another file name or move that file away first.
backup-no-folder = The folder { $path } does not exist. Create it first or choose another place.
backup-failed = Could not write the backup { $path } ({ $detail }); no backup file is left. Check that the user running this command may read the database file { $database } and write the backup's folder.
bot-started = The bot is running ({ $mode }); press Ctrl+C to stop.
database-url-translated = database_url is used through asyncpg: { $changes }
check-summary = Check finished: { $banks } { $banks ->
    [one] question bank
   *[other] question banks
  } ({ $questions } { $questions ->
    [one] question
   *[other] questions
  }), { $schedules } { $schedules ->
    [one] schedule
   *[other] schedules
  }; { $errors } { $errors ->
    [one] error
   *[other] errors
  }, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
  }.
console-intro = Terminal chat (local sandbox, no Telegram). Type a message or a command such as /start or /quiz; type a button's or a poll option's number to press it or vote (several with spaces: 1 3); /quit to leave.
console-edited = (edited){ " " }
console-private = (private chat){ " " }
console-file = file
problem-config-no-admins = admins is empty: nobody can grant the organiser role or manage study groups, and nobody hears of a broken bank. Have each admin send /me to the bot to see their user id, put the ids in admins in config.yaml, and restart the bot.
console-button-toast = (Telegram shows: { $text })
console-button-alert = (Telegram alert: { $text })
console-vote-refused = (The vote was not taken: the poll is closed, or you have voted already.)
console-quiz-right = (Telegram shows: ✅ correct)
console-quiz-wrong = (Telegram shows: ❌ wrong; the right answer: { $answer })
console-poll-closed = (Telegram shows: the poll is closed)
console-quiz-closed = (Telegram shows: the poll is closed; the right answer: { $answer })

## Joining a list of names, ids or letters; and of whole clauses (problems, options)
list-separator = { ", " }
clause-separator = { "; " }
db-copy-needs-url = Write the database to copy into, for example: studybot db copy postgresql+asyncpg://studybot@localhost/studybot
db-copy-source-behind = This database is at revision { $revision }, not { $head } as this release of the bot needs; nothing was copied. Run studybot db upgrade first, then copy.
db-copy-target-not-empty = The target database already has members; nothing was copied. Copy into a new, empty database (PostgreSQL: createdb -O user dbname).
db-copy-done = Copied { $rows } { $rows ->
    [one] row
   *[other] rows
  } ({ $tables } { $tables ->
    [one] table
   *[other] tables
  }) into { $target }; the old database is unchanged. Set database_url in config.yaml (or STUDYBOT_DATABASE_URL) to the new database, then start the bot.

# studybot db downgrade: what it drops, then a confirmation
db-downgrade-plan = The database goes down from revision { $current } to { $target }, undoing these revisions: { $revisions }. It:
db-downgrade-drops-table =   - drops table { $table } ({ $rows } { $rows ->
    [one] row
   *[other] rows
  })
db-downgrade-drops-column =   - drops column { $table }.{ $column } ({ $rows } { $rows ->
    [one] row holds
   *[other] rows hold
  } a value)
db-downgrade-drops-nothing =   - drops no table or column
db-downgrade-backup-sqlite = What is dropped cannot be brought back without a backup: run studybot backup before downgrading.
db-downgrade-backup-postgresql = What is dropped cannot be brought back without a backup: back the database up with pg_dump before downgrading.
db-downgrade-confirm = Downgrade? Type yes to go on, anything else to cancel: 
db-downgrade-cancelled = Cancelled; the database is unchanged.
db-downgrade-needs-yes = The database is unchanged: not run at a terminal, so there is no one to ask. To downgrade and drop the above, add --yes: studybot db downgrade { $revision } --yes
