"""The demo: Zhengzhou High-tech Zone as the seed document describes it, plus generated data.

A plain package (not a Django app). `seed` holds what the newspaper page states, `generate`
builds the full, deterministic plan from it, `loader` writes the plan idempotently. Used by
`gaoxin load-demo` and `gaoxin demo-accounts`; described in docs/demo.md.
"""
