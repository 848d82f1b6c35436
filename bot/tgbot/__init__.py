"""The Telegram layer: PTB application, handlers and rendering. Named so it never hides
PTB's own `telegram` package."""
