# 部署：webhook 模式与多进程
config-problem-webhook-secret = webhook 模式需要密钥 secret_token（1–256 个字符，只能是字母、数字、_ 和 -）。
config-fix-webhook-secret = 在 webhook.secret_token 填写一个随机字符串，例如用 openssl rand -hex 32 生成；所有进程使用同一个值。
deploy-sqlite-in-use = 另一个 studybot 进程（PID { $pid }）正在使用 SQLite 数据库 { $path }，本进程不启动。SQLite 只能由一个进程使用：请先停止那个进程；需要多个进程时请改用 PostgreSQL（见 README“部署”一节）。
