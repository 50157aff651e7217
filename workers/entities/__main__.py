"""`python -m workers.entities`: run the entities worker until SIGTERM."""

from workers.pipeline import serve

serve("entities")
