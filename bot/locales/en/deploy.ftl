# Deployment: webhook mode and several processes
config-problem-webhook-secret = webhook mode needs a secret_token (1–256 characters: letters, digits, _ and - only).
config-fix-webhook-secret = set webhook.secret_token to a random string, for example from openssl rand -hex 32; every process uses the same value.
deploy-sqlite-in-use = Another studybot process (PID { $pid }) is using the SQLite database { $path }; not starting. SQLite serves one process only: stop that one first, or use PostgreSQL to run several (README, "Deployment").
deploy-token-rejected = The Bot API server { $url } does not accept this bot token; not starting. Check token in config.yaml or the TELEGRAM_BOT_TOKEN environment variable (/mybots at @BotFather shows it); with a self-hosted Bot API server, check bot_api_base_url too.
deploy-api-refused = The server at { $url } answered, but not as a Bot API server ({ $detail }); not starting. Check bot_api_base_url in config.yaml: https://api.telegram.org/bot, or your own telegram-bot-api server's address ending in /bot; behind a proxy, check that proxy_url points at the proxy and not at the server.
deploy-api-unreachable = Cannot reach the Bot API server { $url } ({ $detail }); not starting. Check that this machine can reach it: network, firewall; from mainland China api.telegram.org needs a proxy, set proxy_url in config.yaml; check bot_api_base_url too.
