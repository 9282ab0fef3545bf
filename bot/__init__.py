"""The application: config, CLI, wiring, lifecycle, channel adapters."""

from bot.logs import install as _install_log_hygiene

# Logs never hold members' phones, readings or messages (bot/logs.py).
_install_log_hygiene()
