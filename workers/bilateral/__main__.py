"""`python -m workers.bilateral`: run the bilateral worker until SIGTERM."""

from workers.pipeline import serve

serve("bilateral")
