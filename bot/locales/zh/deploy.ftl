# 部署：webhook 模式与多进程
config-problem-webhook-secret = webhook 模式需要密钥 secret_token（1–256 个字符，只能是字母、数字、_ 和 -）。
config-fix-webhook-secret = 在 webhook.secret_token 填写一个随机字符串，例如用 openssl rand -hex 32 生成；所有进程使用同一个值。
deploy-sqlite-in-use = 另一个 studybot 进程（PID { $pid }）正在使用 SQLite 数据库 { $path }，本进程不启动。SQLite 只能由一个进程使用：请先停止那个进程；需要多个进程时请改用 PostgreSQL（见 README“部署”一节）。
deploy-token-rejected = Bot API 服务器 { $url } 不接受这个机器人令牌（token），本进程不启动。请检查 config.yaml 中的 token 或环境变量 TELEGRAM_BOT_TOKEN（在 Telegram 中向 @BotFather 发送 /mybots 可以查看令牌）；使用自建 Bot API 服务器时，也请检查 bot_api_base_url。
deploy-api-unreachable = 连不上 Bot API 服务器 { $url }（{ $detail }），本进程不启动。请检查这台机器能否访问它：网络、防火墙；在中国大陆访问 api.telegram.org 需要代理，可在 config.yaml 设置 proxy_url；也请检查 bot_api_base_url。
deploy-api-refused = 服务器 { $url } 有应答，但不是 Bot API 服务器的应答（{ $detail }），本进程不启动。请检查 config.yaml 中的 bot_api_base_url：应为 https://api.telegram.org/bot，或自建 telegram-bot-api 服务器以 /bot 结尾的地址；使用代理时，请检查 proxy_url 指向的是代理而不是服务器。
deploy-webhook-refused = Bot API 服务器不接受 webhook 地址 { $url }（{ $detail }），本进程不启动。请检查 config.yaml 中的 webhook.url 和 webhook.path：Telegram 只调用 https 地址，端口只能是 443、80、88 或 8443，主机名要能在公网解析。
deploy-webhook-port = 无法在 { $address } 上接收 webhook 请求（{ $detail }），本进程不启动。可能另一个进程占用了这个端口（同一端口启动了两个实例，或旧进程还没停下），或这台机器没有这个地址：请检查 config.yaml 中的 webhook.listen 和 webhook.port（或环境变量 STUDYBOT_WEBHOOK_PORT），用 ss -ltnp 查看谁在占用端口。
database-newer-than-bot = 数据库 { $url } 的结构版本是 { $revision }，比这个版本的机器人新（它只认识到 { $head }）：大概是程序换回了旧版本，而数据库已由新版本升级过。请运行与数据库相同或更新版本的机器人；确实要退回旧版本，请先用新版本的 studybot db downgrade 把数据库降到 { $head }。
database-upgrade-failed = 数据库 { $url } 升级失败（{ $detail }）。请确认 database_url 中的用户有权修改机器人的表（是这些表的所有者）；从备份恢复时请保留表的所有者（见 README 的“备份与恢复”）。运行 studybot db upgrade 可看到完整的错误信息。
deploy-polling-conflict = Telegram 拒绝了这次 getUpdates：另一个进程正在用同一个令牌接收更新（polling）。同一个机器人同一时间只能有一个 polling 进程：请停掉另一个（例如迁移服务器后还在运行的旧服务器）；要运行多个进程，请改用 webhook 模式（见 README 的“部署”）。
database-unreachable = 连不上数据库 { $url }（{ $detail }）。请检查 config.yaml 中的 database_url（或环境变量 STUDYBOT_DATABASE_URL）：主机、端口、用户名、密码和数据库名是否正确，数据库服务器是否在运行；SQLite 请检查文件和它所在的文件夹是否存在，运行机器人的用户能否写入（以 root 运行过 studybot 命令或复制过备份后，请用 chown 把文件交还给该用户）。
