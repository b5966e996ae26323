"""The Telegram face of the bot: thin handlers over the engine. Only this package imports telegram."""
