"""The bilateral worker: statements about the relation between two states or blocs."""
