"""The language worker: which language is each article written in."""
