# 成员：/start /help /lang
start-welcome = 你好，{ $name }！欢迎使用学习助手。
start-welcome-back = 欢迎回来，{ $name }！
start-about = 我会按月推送政治理论学习材料和“党章学习日”提醒，组织“学习强国”式答题挑战，并记录积分、评选学习标兵。发送 /help 查看可用命令。
help-header = 可用命令：
cmd-start = 开始使用，登记为成员
cmd-help = 查看可用命令
cmd-lang = 切换语言（中文 / English）
cmd-grant = 授予组织员角色：/grant 用户ID或@用户名
cmd-revoke = 撤销组织员角色：/revoke 用户ID或@用户名
help-upload-bank = 管理员还可以在私聊中直接发送题库文件（{ $suffixes }）来添加或更新题库：我会先列出找到的题目和问题，确认后才保存。
lang-switched = 已切换为中文。发送 /lang en 可切换为英文。
lang-unknown = 不支持该语言，可选：{ $choices }。
unknown-command = 没有这个命令。发送 /help 查看可用命令。
start-link-refused = 没能通过这个链接加入学习小组：{ $problem }链接可能已失效（管理员换过加入码），请向组织员要新的邀请链接。
media-not-understood = 机器人看不懂贴纸、图片、语音这类消息。答题请点按钮或回复文字；发送 /help 查看命令。
edit-not-read = 消息修改后不会重新处理：答案以第一次发送的为准，命令请重新发送。
anonymous-sender = 你正以匿名身份（群或频道的名义）发言，我无法知道你是谁，所以没有执行这个命令。请在群管理员设置里关闭“保持匿名”，再发一次。
