"""`python -m workers.bilateral`: run the bilateral worker until SIGTERM."""

from workers.runtime.run import serve

serve("bilateral")
