# Political birthdays (/partyday, /partydays)
cmd-partyday = give or see the day you joined the Party, for a greeting on your political birthday: /partyday 2008-07-01
cmd-partydays = the members whose political birthday falls in a month: /partydays [month]
usage-partyday = Usage: /partyday 2008-07-01 gives the day you joined the Party (1 July 2008 and 2008年7月1日 work too); /partyday shows it; /partyday - clears it. Organisers: /partyday @username or user-id [date or -].
usage-partydays = Usage: /partydays [month], for example /partydays (this month), /partydays 7 or /partydays July (July this year), /partydays 2026-07.
partyday-private-only = Please give or see the day you joined the Party in your private chat with me.
partyday-format = "{ $value }" is not a date. Please write it as 2008-07-01, 1 July 2008 or 2008年7月1日.
partyday-no-such-day = There is no such day as { $value }; please check the month and the day.
partyday-future = The day of joining { $value } is after today; please check the year.
partyday-too-early = The day of joining { $value } is before the Party was founded on 1 July 1921; please check the year.
partyday-none-yours = You have not given the day you joined the Party. Send a command such as /partyday 2008-07-01 and you will be greeted on your political birthday.
partyday-none-other = { $name } has not given the day they joined the Party.
partyday-show-yours = You joined the Party on { $date } ({ $age }); your next political birthday: { $next }. To change it, send /partyday with the new date; to clear it, /partyday -.
partyday-show-other = { $name } joined the Party on { $date } ({ $age }); next political birthday: { $next }.
partyday-set-yours = Noted: you joined the Party on { $date } ({ $age }). Your next political birthday: { $next }.
partyday-set-other = Noted: { $name } joined the Party on { $date } ({ $age }). Next political birthday: { $next }.
partyday-cleared-yours = Your day of joining the Party is cleared.
partyday-cleared-other = { $name }'s day of joining the Party is cleared.
partydays-header = 🎂 Political birthdays in { $year }-{ NUMBER($month, minimumIntegerDigits: 2) } ({ $count } { $count ->
    [one] member
   *[other] members
  }):
partydays-none = No member has a political birthday in { $year }-{ NUMBER($month, minimumIntegerDigits: 2) }.
partydays-line = { NUMBER($month, minimumIntegerDigits: 2) }-{ NUMBER($day, minimumIntegerDigits: 2) } { $name } ({ $id }) · { $years } { $years ->
    [one] year
   *[other] years
  } in the Party
partydays-missing = { $count } more { $count ->
    [one] member has
   *[other] members have
  } not given the day they joined (/partyday).
me-party-day = Joined the Party: { $date } ({ $age })
me-party-day-none = Joined the Party: not given (send /partyday 2008-07-01)
# Years in the Party, in the brackets of the messages above ($years: whole years)
party-age = { $years ->
    [0] less than a year in the Party
    [one] 1 year in the Party
   *[other] { $years } years in the Party
  }
