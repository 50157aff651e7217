"""A worker that does no work: the runtime's consume → decode → encode → produce.

Its rate is the ceiling for cheap stages on this machine: the broker, the client
and the runtime's own (de)serialisation, with an identity enrichment.
`python -m ops.bench.passthrough` runs it like any other worker.
"""

from topics.article import ArticleRaw
from topics.spec import TopicSpec
from workers import __version__
from workers.runtime.run import serve_stage
from workers.runtime.stage import Stage

SOURCE = TopicSpec("bench.passthrough.in.v1", ArticleRaw, description="bench input")
SINK = TopicSpec("bench.passthrough.out.v1", ArticleRaw, description="bench output")


def _identity(article: ArticleRaw) -> ArticleRaw:
    return article


def build_stage() -> Stage[ArticleRaw, ArticleRaw]:
    """The identity stage between the two bench topics."""
    return Stage("passthrough", __version__, SOURCE, SINK, ArticleRaw, _identity)


if __name__ == "__main__":
    serve_stage("passthrough", build_stage)
