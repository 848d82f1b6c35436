# 青年理论学习小组：建组、加入码、加入与退出、调整、关联群聊、小组名单文件
cmd-newgroup = 新建学习小组：/newgroup 小组名称
cmd-renamegroup = 小组改名：/renamegroup 原名称 新名称
cmd-delgroup = 删除学习小组（成员保留积分，改为未分组）：/delgroup 小组名称
cmd-newcode = 为小组换一个新加入码：/newcode 小组名称
cmd-grouplist = 查看全部学习小组、加入码和人数
cmd-move = 调整成员所在小组：/move 用户ID或@用户名 小组名称（“-”表示不分组）
cmd-removemember = 将成员移出学习计划（保留历史积分，不再参加排名，不再收到推送）：/removemember 用户ID或@用户名
cmd-linkgroup = 在 Telegram 群里发送，把本群关联到学习小组：/linkgroup 小组名称
cmd-join = 用加入码加入学习小组：/join 加入码
cmd-leave = 退出所在的学习小组

usage-newgroup = 用法：/newgroup 小组名称（例如 /newgroup 机关第一青年理论学习小组）
usage-renamegroup = 用法：/renamegroup 原名称 新名称（名称中有空格时请加引号）
usage-delgroup = 用法：/delgroup 小组名称（也可以用加入码或 #编号）
usage-newcode = 用法：/newcode 小组名称
usage-move = 用法：/move 用户ID或@用户名 小组名称；小组写“-”表示移出小组
usage-removemember = 用法：/removemember 用户ID或@用户名
usage-linkgroup = 用法：在要关联的 Telegram 群里发送 /linkgroup 小组名称
usage-join = 用法：/join 加入码（加入码请向组织员索取，例如 /join K7M2QX）

error-with-usage = { $problem }
    { $usage }

group-not-found = 找不到学习小组“{ $ref }”。发送 /grouplist 查看全部小组。
group-bad-code = 加入码“{ $code }”不正确，请核对后重试。
group-not-in-any = 你目前没有加入任何学习小组。发送 /join 加入码 加入小组。
group-link-needs-group-chat = /linkgroup 需要在要关联的 Telegram 群里发送，而不是在私聊中。
group-name-empty = 小组名称不能为空。
group-name-too-long = 小组名称“{ $name }”太长了，最多 100 个字。
group-name-ambiguous = 小组名称“{ $name }”会与时间段、人数或其他参数混淆，请换一个名称（不要以 # / @ 开头，不要只用数字或“本月”“2020-05”之类的时间写法）。
group-name-taken = 已经有名为“{ $name }”的学习小组。
group-code-invalid = 加入码“{ $code }”无效：只能用 4 到 32 个英文字母或数字。
group-code-taken = 加入码 { $code } 已被其他小组使用。

group-created = 已新建学习小组“{ $name }”，加入码：<code>{ $code }</code>
    成员发送 /join { $code } 即可加入。
group-renamed = 已将学习小组“{ $old }”改名为“{ $name }”。
group-removed = 已删除学习小组“{ $name }”。原有 { $members } 名成员改为未分组，积分和历史记录都保留。
group-new-code = 学习小组“{ $name }”的新加入码：<code>{ $code }</code>（旧加入码已失效）
group-list-empty = 还没有学习小组。发送 /newgroup 小组名称 新建一个。
group-list-header = 共 { $count } 个学习小组：
group-line = #{ $id } { $name } · 加入码 <code>{ $code }</code> · { $members } 人{ $chat }
group-chat-linked = { " " }· 已关联群聊 <code>{ $chat }</code>
group-chat-bot-absent = （机器人已被移出该群，推送暂停）
member-removed = 已将 { $name }（{ $id }）移出学习计划：历史积分保留，不再参加排名，也不再收到推送。用 /move 可以让其重新加入。
member-removed-code-hint = 本人用学习小组“{ $group }”的加入码或邀请链接也能自己重新加入（管理员会收到通知）；不希望如此，请用 /newcode { $group } 更换加入码。
member-already-removed = { $name }（{ $id }）已经移出学习计划。
member-came-back = { $name }（{ $id }）此前已被移出学习计划，现在用加入码或邀请链接自己重新加入了学习小组“{ $group }”，重新参加排名、接收推送。如不应如此，请用 /removemember { $id } 再次移出，并用 /newcode { $group } 更换加入码。
group-chat-not-linked = 本群还没有关联学习小组，所以不能只发 /join。请组织员在本群发送 /linkgroup 小组名称；或者用组织员给的加入码：/join 加入码。
group-bot-added = 大家好，我是学习助手。组织员在本群发送 /linkgroup 小组名称，可把本群关联到学习小组，之后群成员在群里发送 /join 即可加入；组织员发送 /contest 可在群里组织答题挑战赛。本群 ID：<code>{ $chat }</code>（推送计划的 audience.chats 用）。
group-linked = 本群已关联到学习小组“{ $name }”。群成员在本群发送 /join 即可加入该小组（也可以用加入码 <code>{ $code }</code>）。
group-already-linked = 本群已经关联到学习小组“{ $name }”。
group-bot-removed = ⚠️ { $by }把机器人移出了群“{ $title }”（ID <code>{ $chat }</code>）。在机器人回到群里之前，发往该群的推送和定时答题挑战赛都暂停。
group-bot-removed-linked = 该群关联的学习小组“{ $name }”保持不变：机器人回来后无需再次 /linkgroup。
group-bot-removed-contest = 群里正在进行的答题挑战赛已结束，已作答的 { $count } 人照常计分。
group-bot-removed-fix = 恢复办法：请群主或群管理员把机器人重新拉进该群，推送随即恢复。
group-bot-back = ✅ 机器人已回到群“{ $title }”（ID <code>{ $chat }</code>），发往该群的推送恢复。
group-link-replaced = 本群原先关联的小组“{ $old }”已取消关联。
group-left = 你已退出学习小组“{ $name }”。积分保留，仍参加全体排名。
group-moved-out = 已将 { $name } 移出小组（原小组：{ $old }），现为未分组。
group-already-member = 你已经在学习小组“{ $group }”里了。
group-already-member-admin = { $name } 已经在学习小组“{ $group }”里了。
group-moved = 已将 { $name } 调整到学习小组“{ $group }”。
group-joined = 欢迎加入学习小组“{ $group }”！小组现有 { $members } 人。发送 /rank 查看组内排名。
group-joined-left-old = 你已离开原来的小组“{ $old }”。
group-rejoined = 已重新加入学习计划，重新参加排名。
group-you-were-moved = 管理员已将你调整到学习小组“{ $group }”。发送 /rank 查看组内排名。
group-you-were-moved-out = 管理员已将你移出学习小组“{ $old }”，你现在未加入小组；积分保留，仍参加全体排名。
group-rejoined-admin = { $name } 已重新加入学习计划，重新参加排名。
group-already-in-none-admin = { $name } 不在任何学习小组，无需移出。

# 小组名单文件（studybot groups import）
groups-file-unreadable = 无法读取文件：{ $detail }
groups-file-yaml = YAML 语法错误：{ yaml-error }。{ yaml-fix }
groups-file-no-groups = 文件里没有 groups: 列表。参见 groups.example.yaml。
groups-file-not-a-group = 这一项不是一个小组：请写成“- name: 小组名称”。
groups-file-unknown-key = 不认识的键“{ $key }”，可用的键：{ $keys }。
groups-file-name-empty = 小组缺少 name（名称）。
groups-file-name-too-long = 小组名称“{ $name }”太长了，最多 100 个字。
groups-file-name-ambiguous = 小组名称“{ $name }”会与时间段或人数混淆，请换一个名称。
groups-file-bad-code = 加入码“{ $code }”无效：只能用 4 到 32 个英文字母或数字。
groups-file-bad-chat = chat 应为 Telegram 群的编号（负数，例如 -1001234567890），而不是“{ $chat }”。
groups-file-bad-members = members 应为列表，例如 [123456789, "@zhangsan"]。
groups-file-bad-member = 成员“{ $member }”应为 Telegram 用户ID 或 @用户名。
groups-file-duplicate-name = 小组“{ $name }”重复出现（第一次在第 { $first } 行）。
groups-file-duplicate-member = 成员“{ $member }”已列在小组“{ $group }”（第 { $first } 行）：每人只能在一个小组。
groups-file-code-taken = 加入码 { $code } 已被其他小组使用。
groups-file-duplicate-code = 加入码 { $code } 重复出现（第一次在第 { $first } 行）：每个小组的加入码不同。
groups-import-done = 导入完成：新建 { $created } 个小组，更新 { $updated } 个，未变 { $unchanged } 个；调整 { $moved } 名成员（其中 { $registered } 名尚未使用机器人，已预先登记）。
groups-import-unknown = 以下用户名还没有人使用过机器人，未能加入小组：{ $members }
groups-import-failed = 小组名单文件有错误，未做任何修改：
group-invite-link = 邀请链接（成员点开即可加入本组，不用输入加入码）：{ $link }
