# Manual awards (/award, /unaward)
cmd-award = give members points by hand (study sessions, reports ...): /award id-or-@username ... points reason
cmd-unaward = take back a manual award: /unaward number
usage-award = Usage: /award member-id or @username (several allowed) points reason, for example /award @zhangsan 5 attended the study session. Points may also be written "5分".
usage-unaward = Usage: /unaward number (the #number in the award's reply), for example /unaward 12
award-no-reason = Please give a reason, for example /award @zhangsan 5 attended the study session. The member is told it, and it is in the exported points.
award-reason-too-long = The reason is too long (200 characters at most); please shorten it.
award-points-range = A manual award is 1 to 100 points. Please check the number; to take an award back, use /unaward with its number.
award-member-left = { $name } ({ $id }) was taken out of the programme and is not ranked, so points would count nowhere. Bring them back with /move first if needed. Nobody was given points this time.
award-self = You cannot give yourself points; ask another organiser or an admin. Nobody was given points this time.
award-given = #{ $id } { $name } gets { $points } { $points ->
    [one] point
   *[other] points
  }: { $reason }
award-seen = #{ $id } { $name }'s award ({ $points } { $points ->
    [one] point
   *[other] points
  }: { $reason }) was recorded before; nothing was added twice.
award-undo-hint = If something is wrong, /unaward with the number takes it back.
award-revoked = Took back #{ $id }: { $points } { $points ->
    [one] point
   *[other] points
  } of { $name } ({ $reason }). The totals and rankings of its periods are corrected.
award-unknown = There is no manual award #{ $id }.
award-already-revoked = #{ $id } ({ $name }) was taken back already.
award-you-got = 🎖 You get { $points } { $points ->
    [one] point
   *[other] points
  }: { $reason } (from { $by })
award-you-lost = One of your awards was taken back: { $points } { $points ->
    [one] point
   *[other] points
  } ({ $reason }).
