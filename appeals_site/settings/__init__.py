"""Settings: `base` is what runs everywhere, read from the environment (a deployment uses it);
`development` adds the demo app (`make run`, `make demo`, `make bench`); `test` adds the demo
and speed-ups."""
