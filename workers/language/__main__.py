"""`python -m workers.language`: run the language worker until SIGTERM."""

from workers.runtime.run import serve

serve("language")
