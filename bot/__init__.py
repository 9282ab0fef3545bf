"""The application: config, CLI, wiring, lifecycle, channel adapters."""
