"""Settings: `base` is what runs everywhere, read from the environment; `test` adds speed-ups."""
