"""Pure study-programme logic: no Telegram, no SQLAlchemy, no I/O."""
