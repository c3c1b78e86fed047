"""Subcommands of the ``pivot`` CLI, one module each."""
