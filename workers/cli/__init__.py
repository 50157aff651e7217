"""The `newsenrich` command line."""
