# 通用消息
app-name = 学习助手
db-revision = 数据库版本：{ $revision }
db-no-such-revision = 数据库没有改动：无法迁移到版本“{ $revision }”（{ $detail }）。可用的版本：{ $known }；另有 head（最新）、base（空数据库，会删除全部数据），或相对步数如 -1、+1。用 studybot db current 查看当前版本。
backup-done = 已备份数据库到 { $path }（{ $kib } KiB）。恢复方法见 README“备份与恢复”。
backup-not-sqlite = studybot backup 只备份 SQLite 数据库。PostgreSQL 请用 pg_dump，例如：sudo -u postgres pg_dump -Fc 数据库名 > studybot.dump（见 README“备份与恢复”）。
backup-no-database = 找不到数据库文件 { $path }。请检查 config.yaml 中的 database_url，或在 config.yaml 所在目录运行本命令（也可用 -c 指定配置文件）。
backup-target-exists = { $path } 已存在，未覆盖。请换一个文件名，或先移走该文件。
backup-no-folder = 目录 { $path } 不存在。请先创建它，或换一个位置。
backup-failed = 无法写入备份 { $path }（{ $detail }），没有留下备份文件。请确认运行本命令的用户能读取数据库文件 { $database }，并能写入备份所在的文件夹。
bot-started = 机器人已启动（{ $mode }），按 Ctrl+C 停止。
database-url-translated = 数据库地址 database_url 按 asyncpg 使用：{ $changes }
check-summary = 检查完成：{ $banks } 个题库（{ $questions } 题），{ $schedules } 个推送计划；{ $errors } 个错误，{ $warnings } 个提醒。
console-intro = 终端对话模式（本地沙盒，不连接 Telegram）。输入消息或命令，例如 /start、/quiz；输入按钮或投票选项前的数字即点击该按钮或投票（多选题用空格隔开，如 1 3）；/quit 退出。
console-edited = （已更新）
console-private = （私聊）
console-file = 文件
problem-config-no-admins = admins 为空：没有人能授予组织员角色、管理学习小组，题库出错时也没有人收到通知。请管理员给机器人发送 /me 查看自己的用户ID，填入 config.yaml 的 admins 后重启机器人。
console-button-toast = （Telegram 提示：{ $text }）
console-button-alert = （Telegram 弹窗：{ $text }）
console-vote-refused = （投票没有被接受：投票已结束，或你已经投过票。）
console-quiz-right = （Telegram 显示：✅ 回答正确）
console-quiz-wrong = （Telegram 显示：❌ 回答错误，正确答案：{ $answer }）
console-poll-closed = （Telegram 显示：投票已结束）
console-quiz-closed = （Telegram 显示：投票已结束，正确答案：{ $answer }）

## Joining a list of names, ids or letters; and of whole clauses (problems, options)
list-separator = 、
clause-separator = { "；" }
db-copy-needs-url = 请写出要复制到的数据库地址，例如：studybot db copy postgresql+asyncpg://studybot@localhost/studybot
db-copy-source-behind = 当前数据库的版本是 { $revision }，不是这个版本的机器人所用的 { $head }，没有复制任何内容。请先运行 studybot db upgrade，再复制。
db-copy-target-not-empty = 目标数据库里已经有成员，没有复制任何内容。请复制到一个新建的空数据库（PostgreSQL：createdb -O 用户 库名）。
db-copy-done = 已把 { $rows } 行（{ $tables } 张表）复制到 { $target }，原数据库没有改动。请把 config.yaml 的 database_url（或环境变量 STUDYBOT_DATABASE_URL）改成新数据库的地址，再启动机器人。

# studybot db downgrade：先说明会删除什么，再确认
db-downgrade-plan = 数据库将从版本 { $current } 降级到 { $target }，撤销这些版本：{ $revisions }。将删除：
db-downgrade-drops-table =   - 删除表 { $table }（{ $rows } 行）
db-downgrade-drops-column =   - 删除列 { $table }.{ $column }（{ $rows } 行有值）
db-downgrade-drops-nothing =   - 不删除任何表或列
db-downgrade-backup-sqlite = 删除的数据无法恢复，除非有备份：降级前请先运行 studybot backup。
db-downgrade-backup-postgresql = 删除的数据无法恢复，除非有备份：降级前请先用 pg_dump 备份数据库。
db-downgrade-confirm = 确定降级吗？输入 yes 继续，其他任意内容取消：
db-downgrade-cancelled = 已取消，数据库没有改动。
db-downgrade-needs-yes = 数据库没有改动：不在终端里运行，无法当面确认。确定要降级并删除以上数据时，请加 --yes：studybot db downgrade { $revision } --yes
