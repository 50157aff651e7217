"""The user's mistakes are one line and exit 2; our bugs keep their traceback."""

import pytest

from workers.cli import enrich
from workers.cli.main import main


def test_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "missing.jsonl"
    assert main(["enrich", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == f"newsenrich: no such file: {missing}\n"


@pytest.mark.parametrize("bug", [ValueError, KeyError, LookupError])
def test_a_bug_is_not_hidden_behind_a_one_liner(tmp_path, monkeypatch, bug):
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n", encoding="utf-8")

    def broken(*_args: object) -> int:
        raise bug("a bug of ours")

    monkeypatch.setattr(enrich, "enrich_stream", broken)
    with pytest.raises(bug, match="a bug of ours"):
        main(["enrich", str(source)])
