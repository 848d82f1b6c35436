# 通用消息
app-name = 学习助手
db-revision = 数据库版本：{ $revision }
bot-started = 机器人已启动（{ $mode }），按 Ctrl+C 停止。
check-summary = 检查完成：{ $banks } 个题库（{ $questions } 题），{ $schedules } 个推送计划；{ $errors } 个错误，{ $warnings } 个提醒。
console-intro = 终端对话模式（本地沙盒，不连接 Telegram）。输入消息或命令，例如 /start、/quiz；输入按钮前的数字即点击该按钮；/quit 退出。
console-edited = （已更新）
console-file = 文件
