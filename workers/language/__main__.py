"""`python -m workers.language`: run the language worker until SIGTERM."""

from workers.pipeline import serve

serve("language")
