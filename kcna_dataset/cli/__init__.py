"""Sub-commands of `kcna`, one module each, found by name: a module here with a `register(commands)`
function that adds its sub-parser (and sets `func`) is a command; nothing else needs to change."""
