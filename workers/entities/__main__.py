"""`python -m workers.entities`: run the entities worker until SIGTERM."""

from workers.runtime.run import serve

serve("entities")
