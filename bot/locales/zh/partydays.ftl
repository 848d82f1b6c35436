# 政治生日（/partyday、/partydays）
cmd-partyday = 填写或查看入党日期，政治生日当天收到祝福：/partyday 2008-07-01
cmd-partydays = 某月过政治生日的党员名单：/partydays [月份]
usage-partyday = 用法：/partyday 2008-07-01 填写你的入党日期（也可写 2008年7月1日）；/partyday 查看；/partyday - 清除。组织员：/partyday @用户名或用户ID [日期或 -]。
usage-partydays = 用法：/partydays [月份]，例如 /partydays（本月）、/partydays 7（今年7月）、/partydays 2026-07。
partyday-private-only = 入党日期请在与我的私聊中填写和查看。
partyday-format = “{ $value }”不是日期。请写成 2008-07-01 或 2008年7月1日 这样的格式。
partyday-no-such-day = 没有 { $value } 这一天，请检查月份和日期。
partyday-future = 入党日期 { $value } 在今天之后，请检查年份。
partyday-too-early = 入党日期 { $value } 早于 1921年7月1日 建党，请检查年份。
partyday-none-yours = 你还没有填写入党日期。发送 /partyday 2008-07-01 这样的命令填写，政治生日那天会收到祝福。
partyday-none-other = { $name } 还没有填写入党日期。
partyday-show-yours = 你的入党日期：{ $date }（{ $age }），下一个政治生日：{ $next }。修改请发送 /partyday 新日期，清除请发送 /partyday -。
partyday-show-other = { $name } 的入党日期：{ $date }（{ $age }），下一个政治生日：{ $next }。
partyday-set-yours = 已记下你的入党日期：{ $date }（{ $age }）。下一个政治生日：{ $next }。
partyday-set-other = 已记下 { $name } 的入党日期：{ $date }（{ $age }）。下一个政治生日：{ $next }。
partyday-cleared-yours = 已清除你的入党日期。
partyday-cleared-other = 已清除 { $name } 的入党日期。
partydays-header = 🎂 { $year }年{ $month }月过政治生日的党员（{ $count } 人）：
partydays-none = { $year }年{ $month }月没有成员过政治生日。
partydays-line = { $month }月{ $day }日 { $name }（{ $id }）· 入党 { $years } 周年
partydays-missing = 另有 { $count } 名成员尚未填写入党日期（/partyday）。
me-party-day = 入党日期：{ $date }（{ $age }）
me-party-day-none = 入党日期：未填写（发送 /partyday 2008-07-01 填写）
# 党龄，放在上面几条的括号里（$years 是整年数）
party-age = { $years ->
    [0] 党龄不满 1 年
   *[other] 党龄 { $years } 年
  }
