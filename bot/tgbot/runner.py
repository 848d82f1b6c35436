"""`studybot run`: polling by default, webhook for deployments. PTB handles SIGINT/SIGTERM."""

from __future__ import annotations

import logging

from telegram import Update

from bot.config import Config
from bot.locales import translate
from bot.tgbot.app import build_application

log = logging.getLogger(__name__)


def run(config: Config) -> None:
    app = build_application(config)
    log.info(translate(config.language, "bot-started", {"mode": config.mode}))
    if config.mode == "webhook":
        hook = config.webhook
        app.run_webhook(
            listen=hook.listen,
            port=hook.port,
            url_path=hook.path,
            webhook_url=f"{(hook.url or '').rstrip('/')}/{hook.path}",
            secret_token=hook.secret_token.get_secret_value() if hook.secret_token else None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
