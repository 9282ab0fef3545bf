"""The club's domain rules: pure functions, no I/O, imports nothing of the app."""
