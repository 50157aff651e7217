"""JSON Schema files of the article topics, generated from the pydantic models."""

import json
from pathlib import Path

from topics.registry import ARTICLE_TOPICS

SCHEMA_DIR = Path(__file__).parent / "schemas"


def render_schemas() -> dict[str, str]:
    """File name to JSON text, one schema per article topic."""
    rendered = {}
    for spec in ARTICLE_TOPICS:
        if spec.model is None:
            raise TypeError(f"article topic {spec.name} has no model")
        schema = spec.model.model_json_schema()
        schema["$id"] = spec.name
        rendered[f"{spec.name}.json"] = (
            json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        )
    return rendered


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path)  # noqa: T201
