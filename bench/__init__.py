"""Benchmarks: ``python -m bench.<scenario>``; see bench/README.md."""

import warnings

# The nameko name of bench.reference_service, here so the processes that call it
# need not import (and so eventlet-patch) the service module.
REFERENCE_SERVICE = "bench_reference"

# nameko imports eventlet, which warns on import that it is deprecated; the
# benchmark's output is for figures.
warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
