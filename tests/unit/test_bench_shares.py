"""Where a worker's CPU goes, from a py-spy profile: each sample to one step."""

from ops.bench.shares import OTHER, shares, step_of

ROOT = 'process 7:"python -m workers.credibility";thread (7): MainThread'
CHILD = f'{ROOT};process 8:"python -m workers.credibility";thread (8): MainThread'


def _stack(*frames: str, root: str = ROOT) -> list[str]:
    return [*root.split(";"), *frames]


def test_a_sample_inside_decoding_is_decoding_whatever_called_it():
    stack = _stack(
        "enrich_in_child (workers/runtime/offload.py:250)",
        "process_batch (workers/runtime/process.py:91)",
        "BaseModel.model_validate_json (pydantic/main.py:847)",
        root=CHILD,
    )
    assert step_of(stack) == "decode and validate (pydantic)"


def test_the_consumer_threads_own_event_loop_counts_as_fetching():
    stack = _stack(
        "ServiceThread._start_thread (mode/threads.py:211)",
        "BaseEventLoop._run_once (asyncio/base_events.py:1922)",
        "EpollSelector.select (selectors.py:468)",
    )
    assert step_of(stack) == "fetch (consumer thread, records)"


def test_the_main_loop_waiting_is_the_event_loop_and_unknown_code_is_other():
    waiting = _stack("BaseEventLoop._run_once (asyncio/base_events.py:1884)")
    assert step_of(waiting) == "event loop (select, callbacks)"
    assert step_of(_stack("something (elsewhere.py:1)")) == OTHER


def test_shares_add_up_to_every_sample_and_skip_what_is_not_a_sample():
    lines = [
        ";".join(_stack("BaseModel.model_dump_json (pydantic/main.py:587)")).replace(
            "model_dump_json", "x"
        )
        + " 3",
        ";".join(_stack("_outcome (workers/runtime/process.py:149)")) + " 5",
        ";".join(_stack("Sender._send_produce_req (aiokafka/producer/sender.py:1)"))
        + " 2",
        "",
        "not a sample line",
    ]
    counted, total = shares(lines)
    assert total == 10
    assert counted["encode (pydantic) and trace"] == 5
    assert counted["produce (send, batch, request)"] == 2
    assert counted[OTHER] == 3
