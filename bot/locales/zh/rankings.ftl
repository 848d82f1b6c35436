# 积分排行：/me /rank /top /groups /standouts /export /chart
cmd-me = 我的积分、排名、正确率和连续天数
cmd-rank = 所在小组前 10 名和我的名次：/rank [时间段]
cmd-top = 积分排行：/top [时间段] [小组] [人数]
cmd-groups = 学习小组排名（按人均积分和参与率）：/groups [时间段]
cmd-standouts = 学习标兵候选：/standouts [时间段] [人数]
cmd-export = 导出 Excel 表格和 CSV：/export [时间段]
cmd-chart = 小组排名柱状图：/chart [时间段]

period-forms = 时间段可以是：今天、本周、本月、本季度、今年、全部、昨天、上周、上月、上季度、去年（也可写 上一周、上个月、上年度 等；再往前一个：前天、上上周、上上月、上上季度、前年），或 2020（也可写 2020年度）、2020-Q2（也可写 2020年第二季度；只写 第四季度 即最近的第四季度）、2020-05（也可写 2020年5月 或 2020年5月份；只写 11月 即最近的 11 月）、2020-W19（第 19 周，也可写 2020年第19周；只写 第19周 即最近的第 19 周）、2020年上半年（也可写 2020-H1、去年下半年；只写 下半年 即最近的下半年）、2020-05-01（只写 12月31日 即最近的这一天）、2020-05-01..2020-05-31（也可用 ~、- 或 至；2020-05-01至今 到今天为止）；不写时为本月。
usage-rank = 用法：/rank [时间段]。{ period-forms }
usage-top = 用法：/top [时间段] [小组] [人数]，例如 /top 本周、/top 2020-05 第一小组 20。人数最多 50。{ period-forms }
usage-groups = 用法：/groups [时间段]，例如 /groups 本季度。{ period-forms }
usage-standouts = 用法：/standouts [时间段] [人数]，例如 /standouts 2020-Q2 5。人数最多 20。{ period-forms }
export-private-only = 导出的表格含全体成员的姓名和积分，请在与我的私聊中发送 /export。
usage-export = 用法：/export [时间段]，例如 /export 2020-05。{ period-forms }
usage-chart = 用法：/chart [时间段]，例如 /chart 本月。{ period-forms }

period-error-unknown = 无法识别时间段“{ $given }”。
period-error-bad-date = “{ $given }”不是有效的日期。
period-error-bad-range = 日期范围“{ $given }”应写成 2020-05-01..2020-05-31。
period-error-reversed = 日期范围“{ $given }”的开始日期晚于结束日期。
period-error-too-long = 日期范围“{ $given }”太长了，最长 10 年。
rank-bad-count = 人数“{ $given }”应在 1 到 { $max } 之间。
rank-unknown-argument = “{ $given }”既不是可识别的时间段，也不是学习小组的名称（发送 /grouplist 查看小组）。
rank-unexpected = 多余的参数“{ $given }”。
rank-two-periods = 只能指定一个时间段：“{ $first }”和“{ $given }”都是时间段。

period-day = { $start }
period-today = 今天（{ $start }）
period-week = { $start } 至 { $end } 这一周
period-this-week = 本周（{ $start } 至 { $end }）
period-month = { $year }年{ $month }月
period-this-month = 本月（{ $year }年{ $month }月）
period-quarter = { $year }年第{ $quarter }季度
period-this-quarter = 本季度（{ $year }年第{ $quarter }季度）
period-year = { $year }年
period-this-year = 今年（{ $year }年）
period-all = 全部时间
period-range = { $start } 至 { $end }

rank-board-header = 🏆 积分排行 · { $period } · { $scope }
rank-everyone = 全体成员
rank-board-empty = 这一时间段还没有人得分。
rank-board-line = { $rank }. { $name }{ $group } — { $points } 分
rank-in-group = （{ $group }）
rank-board-tied = 另有 { $count } 人同为 { $points } 分，并列第 { $rank } 名。
rank-no-group = 你还没有加入学习小组，上面是全体排行。发送 /join 加入码 加入小组。
rank-standing-left = { $period }：{ $points } 分（已移出学习计划，不参加排名）
rank-standing-none = { $period }：0 分，暂无名次
rank-standing-you-none = 你在{ $period }：还没有积分，暂无名次
rank-standing-overall = 总第 { $rank } 名（共 { $of } 人）
rank-standing-group = 组内第 { $rank } 名（共 { $of } 人），
rank-standing = { $period }：{ $points } 分，{ $group }{ $overall }
rank-standing-you = 你在{ $period }：{ $points } 分，{ $group }{ $overall }

me-header = 👤 { $name } · { $group } · 用户ID { $id }
me-no-group = 未加入小组
me-left = 你已移出学习计划：积分保留，不参加排名。
me-accuracy = 答题正确率：{ $accuracy }（计分答题 { $answered } 题，答对 { $correct } 题）
me-daily-streak = 每日答题连续：{ $days } 天
me-best-streak = 挑战答题最佳连对：{ $questions } 题

groups-header = 📊 学习小组排名 · { $period }
groups-how = 按综合分排名：综合分 = 人均积分 × 参与率（参与 = 本期有积分的成员）；同分时参与率高者在前。
groups-none = 还没有学习小组。
groups-line = { $rank }. { $name } — 综合 { $score } · 人均 { $per_member } 分 · 参与 { $active }/{ $members }（{ $participation }）· 共 { $points } 分
groups-line-empty = { $rank }. { $name } — 暂无成员
groups-more = ……只列出前 { $shown } 个，共 { $total } 个小组；完整排名见 /export。
groups-ungrouped = 未加入小组：{ $members } 人，其中 { $active } 人有积分，共 { $points } 分（不参加小组排名）。

standouts-header = 🌟 学习标兵候选 · { $period }
standouts-how = 排序：积分高者在前；积分相同比计分答题正确率；再相同，先达到该积分者在前。
standouts-line = { $rank }. { $name }（{ $group }）：{ $points } 分 · 正确率 { $accuracy }（{ $correct }/{ $answered }）· { $reached } 达到

export-caption = 📑 积分统计 · { $period } · { $members } 名成员
export-csv-caption = 同样的成员表（CSV，UTF-8，Excel 可直接打开）
export-sheet-members = 成员
export-sheet-groups = 小组
export-sheet-notes = 说明
export-sheet-awards = 人工加分
export-col-award = 编号
export-col-given-at = 加分时间
export-col-award-points = 分数
export-col-reason = 理由
export-col-given-by = 加分人
export-col-revoked-at = 撤销时间
export-col-rank = 排名
export-col-member-id = 用户ID
export-col-name = 姓名
export-col-username = 用户名
export-col-group = 小组
export-col-status = 状态
export-col-points = 总积分
export-col-quizzes = 答题次数
export-col-answered = 答题数
export-col-correct = 答对数
export-col-accuracy = 正确率
export-col-acks = 学习材料确认次数
export-col-members = 人数
export-col-active = 参与人数
export-col-participation = 参与率
export-col-per-member = 人均积分
export-col-score = 综合分
export-col-item = 项目
export-col-value = 内容
export-status-in-group = 在组
export-status-no-group = 未分组
export-status-left = 已移出
export-no-group = （未加入小组）
export-note-period = 时间段
export-note-generated = 导出时间
export-note-timezone = 时区
export-note-members = 成员数
export-note-how = 说明
export-note-how-text = 积分全部来自积分台账，按时间段（所在时区的日历日）统计。答题次数、答题数和正确率只计每日答题和挑战答题中计分的部分。已移出学习计划的成员保留历史积分，但没有排名；本期没有积分的成员也没有排名。小组综合分 = 人均积分 × 参与率。
source-daily-quiz = 每日答题
source-challenge = 挑战答题
source-ack = 学习材料确认
source-contest = 小组竞赛
source-manual = 人工加分

chart-title = 学习小组排名 · { $period }
chart-top-of = 前 { $shown } 个小组（共 { $total } 个）
chart-empty = 暂无学习小组
chart-axis = 综合分（人均积分 × 参与率）
chart-bar-note = 人均 { $per_member } 分 · 参与 { $participation }%
chart-bar-empty = 暂无成员
chart-caption = 📊 学习小组排名 · { $period }

cli-shell-name = 服务器管理员
cli-rebuilt = 已根据积分台账重建累计积分：{ $rows } 行（时区 { $zone }）。
cli-export-written = 已写入：{ $path }
