"""The demo: Zhengzhou High-tech Zone as the seed document describes it, plus generated data.

An app without models. `seed` holds what the newspaper page states, `generate` builds the full,
deterministic plan from it, `loader` writes the plan idempotently and registers it as the
first demo loader ("zone") of `gaoxin load-demo`; the app also brings `gaoxin demo-accounts`.
Described in docs/demo.md.
"""
