# Deployment: webhook mode and several processes
config-problem-webhook-secret = webhook mode needs a secret_token (1–256 characters: letters, digits, _ and - only).
config-fix-webhook-secret = set webhook.secret_token to a random string, for example from openssl rand -hex 32; every process uses the same value.
deploy-sqlite-in-use = Another studybot process (PID { $pid }) is using the SQLite database { $path }; not starting. SQLite serves one process only: stop that one first, or use PostgreSQL to run several (README, "Deployment").
