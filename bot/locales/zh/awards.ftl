# 人工加分（/award、/unaward）
cmd-award = 给成员人工加分（线下学习、心得体会等）：/award 成员ID或@用户名… 分数 理由
cmd-unaward = 撤销一笔人工加分：/unaward 记录编号
usage-award = 用法：/award 成员ID或@用户名（可写多个） 分数 理由，例如 /award @zhangsan 5 参加集中学习。分数也可写成“5分”。
usage-unaward = 用法：/unaward 记录编号（加分时回复中的 #编号），例如 /unaward 12
award-no-reason = 请写上加分理由，例如 /award @zhangsan 5 参加集中学习。理由会告诉成员，也会出现在导出的积分明细中。
award-reason-too-long = 理由太长了（最多 200 字），请写得简短一些。
award-points-range = 每次人工加分为 1 到 100 分。请检查分数是否写错；要撤销一次加分，请用 /unaward 编号。
award-member-left = { $name }（{ $id }）已移出学习计划，不参加排名，加分不会计入。需要时先用 /move 让其重新加入。这次谁都没有加分。
award-self = 不能给自己加分，请让其他组织员或管理员来加。这次谁都没有加分。
award-given = #{ $id } 已给 { $name } 加 { $points } 分：{ $reason }
award-seen = #{ $id } { $name } 的这笔加分（{ $points } 分：{ $reason }）已经记过，没有重复加分。
award-undo-hint = 如有错误，可用 /unaward 记录编号 撤销。
award-revoked = 已撤销 #{ $id }：{ $name } 的 { $points } 分（{ $reason }）。相关时段的积分和排名已同步扣除。
award-unknown = 没有编号为 #{ $id } 的人工加分记录。
award-already-revoked = #{ $id }（{ $name }）这笔加分已经撤销过了。
award-you-got = 🎖 你获得 { $points } 分：{ $reason }（{ $by } 加分）
award-you-lost = 你的一笔加分已撤销：{ $points } 分（{ $reason }）。
