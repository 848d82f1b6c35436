# Rankings: /me /rank /top /groups /standouts /export /chart
cmd-me = your points, ranks, accuracy and streaks
cmd-rank = your group's top 10 and where you stand: /rank [period]
cmd-top = leaderboard: /top [period] [group] [n]
cmd-groups = study groups ranked by points per member and participation: /groups [period]
cmd-standouts = candidates for top learner: /standouts [period] [n]
cmd-export = an Excel workbook and a CSV: /export [period]
cmd-chart = bar chart of the group ranking: /chart [period]

period-forms = A period is: today, week, month, quarter, year, all, yesterday, last-week, last-month, last-quarter, last-year (or 今天 本周 本月 本季度 今年 全部 昨天 上周 上月 上季度 去年, also 上一周 上个月 上年度 and the like; 前天 上上周 上上月 上上季度 前年 for the one before), or 2020 (or 2020年度), 2020-Q2 (or 2020年第二季度; 第四季度 or Q4 alone: the latest fourth quarter), 2020-05 (or May 2020, 2020年5月, 2020年5月份; Nov or 11月 alone: the latest November), 2020-W19 (ISO week 19, or 2020年第19周; 第19周 alone: the latest week 19), 2020-H1 (first half year, or 2020年上半年; 下半年 alone: the latest second half), 2020-05-01 (12月31日 alone: the latest 31 December), 2020-05-01..2020-05-31 (also with ~, - or 至; 2020-05-01至今: up to today); this month when left out.
usage-rank = Usage: /rank [period]. { period-forms }
usage-top = Usage: /top [period] [group] [n], for example /top week or /top 2020-05 Group1 20. n is 50 at most. { period-forms }
usage-groups = Usage: /groups [period], for example /groups quarter. { period-forms }
usage-standouts = Usage: /standouts [period] [n], for example /standouts 2020-Q2 5. n is 20 at most. { period-forms }
export-private-only = The exported workbook lists every member with their points: send /export in your private chat with me.
usage-export = Usage: /export [period], for example /export 2020-05. { period-forms }
usage-chart = Usage: /chart [period], for example /chart month. { period-forms }

period-error-unknown = "{ $given }" is not a period I know.
period-error-bad-date = "{ $given }" is not a valid date.
period-error-bad-range = Write the date range "{ $given }" as 2020-05-01..2020-05-31.
period-error-reversed = The date range "{ $given }" starts after it ends.
period-error-too-long = The date range "{ $given }" is too long: 10 years at most.
rank-bad-count = The number "{ $given }" must be from 1 to { $max }.
rank-unknown-argument = "{ $given }" is neither a period I know nor the name of a study group (/grouplist lists them).
rank-unexpected = Unexpected argument "{ $given }".
rank-two-periods = Give one period only: "{ $first }" and "{ $given }" are both periods.

period-day = { $start }
period-today = today ({ $start })
period-week = the week of { $start } to { $end }
period-this-week = this week ({ $start } to { $end })
period-month = { $year }-{ $month2 }
period-this-month = this month ({ $year }-{ $month2 })
period-quarter = { $year } Q{ $quarter }
period-this-quarter = this quarter ({ $year } Q{ $quarter })
period-year = { $year }
period-this-year = this year ({ $year })
period-all = all time
period-range = { $start } to { $end }

rank-board-header = 🏆 Leaderboard · { $period } · { $scope }
rank-everyone = everyone
rank-board-empty = Nobody has scored in this period yet.
rank-board-line = { $rank }. { $name }{ $group } — { $points } { $points ->
    [one] point
   *[other] points
  }
rank-in-group = { " " }({ $group })
rank-board-tied = { $count } more with { $points } { $points ->
    [one] point
   *[other] points
  } { $count ->
    [one] shares
   *[other] share
  } rank { $rank }.
rank-no-group = You are not in a study group, so this is everyone's ranking. Send /join CODE to join one.
rank-standing-left = { $period }: { $points } { $points ->
    [one] point
   *[other] points
  } (removed from the programme, not ranked)
rank-standing-none = { $period }: no points yet, not ranked
rank-standing-you-none = You, { $period }: no points yet, not ranked
rank-standing-overall = { $rank } of { $of } overall
rank-standing-group = { $rank } of { $of } in the group,{ " " }
rank-standing = { $period }: { $points } { $points ->
    [one] point
   *[other] points
  }, { $group }{ $overall }
rank-standing-you = You, { $period }: { $points } { $points ->
    [one] point
   *[other] points
  }, { $group }{ $overall }

me-header = 👤 { $name } · { $group } · user id { $id }
me-no-group = no group
me-left = You have been removed from the programme: your points are kept but not ranked.
me-accuracy = Accuracy: { $accuracy } ({ $correct } of { $answered } { $answered ->
    [one] scored question
   *[other] scored questions
  } right)
me-daily-streak = Daily quiz streak: { $days } { $days ->
    [one] day
   *[other] days
  }
me-best-streak = Best challenge streak: { $questions } { $questions ->
    [one] question
   *[other] questions
  }

groups-header = 📊 Study groups · { $period }
groups-how = Ranked by score = points per member × participation (the share of members who scored in the period); equal scores: higher participation first.
groups-none = There are no study groups yet.
groups-line = { $rank }. { $name } — score { $score } · { $per_member } per member · { $active }/{ $members } took part ({ $participation }) · { $points } { $points ->
    [one] point
   *[other] points
  }
groups-line-empty = { $rank }. { $name } — no members yet
groups-more = …the first { $shown } of { $total } groups; /export has them all.
groups-ungrouped = In no group: { $members } { $members ->
    [one] member
   *[other] members
  }, { $active } of them scored, { $points } { $points ->
    [one] point
   *[other] points
  } (not in the group ranking).

standouts-header = 🌟 Top learner candidates · { $period }
standouts-how = Order: more points first; equal points: higher accuracy in scored quizzes; still equal: who reached the total first.
standouts-line = { $rank }. { $name } ({ $group }): { $points } { $points ->
    [one] point
   *[other] points
  } · accuracy { $accuracy } ({ $correct }/{ $answered }) · reached { $reached }

export-caption = 📑 Points · { $period } · { $members } { $members ->
    [one] member
   *[other] members
  }
export-csv-caption = The same members table as CSV (UTF-8, opens in Excel).
export-sheet-members = Members
export-sheet-groups = Groups
export-sheet-notes = Notes
export-sheet-awards = Manual awards
export-col-award = Number
export-col-given-at = Given at
export-col-award-points = Points
export-col-reason = Reason
export-col-given-by = Given by
export-col-revoked-at = Taken back at
export-col-rank = Rank
export-col-member-id = User id
export-col-name = Name
export-col-username = Username
export-col-group = Group
export-col-status = Status
export-col-points = Points
export-col-quizzes = Quizzes
export-col-answered = Answered
export-col-correct = Correct
export-col-accuracy = Accuracy
export-col-acks = Materials acknowledged
export-col-members = Members
export-col-active = Took part
export-col-participation = Participation
export-col-per-member = Points per member
export-col-score = Score
export-col-item = Item
export-col-value = Value
export-status-in-group = in a group
export-status-no-group = no group
export-status-left = removed
export-no-group = (in no group)
export-note-period = Period
export-note-generated = Exported at
export-note-timezone = Timezone
export-note-members = Members
export-note-how = How
export-note-how-text = All points come from the points ledger, counted by period in calendar days of the timezone. Quizzes, answered and accuracy count the scored daily quizzes and challenges only. Members removed from the programme keep their points but have no rank; nor do members with no points in the period. A group's score is points per member × participation.
source-daily-quiz = Daily quiz
source-challenge = Challenge
source-ack = Materials
source-contest = Group contests
source-manual = Manual awards

chart-title = Study groups · { $period }
chart-top-of = the first { $shown } of { $total } groups
chart-empty = No study groups yet
chart-axis = Score (points per member × participation)
chart-bar-note = { $per_member } per member · { $participation }% took part
chart-bar-empty = no members yet
chart-caption = 📊 Study groups · { $period }

cli-shell-name = server admin
cli-rebuilt = Rebuilt the running totals from the ledger: { $rows } { $rows ->
    [one] row
   *[other] rows
  } (timezone { $zone }).
cli-export-written = Written: { $path }
