"""`python -m ops.bench`: the same as `newsenrich bench`."""

from ops.bench.run import main

raise SystemExit(main())
