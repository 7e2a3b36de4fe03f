"""Gaoxin rulebook: programme rules as code, free of Django.

``rulebook.engine`` holds the generic machinery (dated parameters with their legal references,
the loader that validates them, traces, money rounding, rule registry); each programme lives in
its own package (``rulebook.firstset`` for 首台(套) insurance compensation) with its parameter
files, its rules and its YAML cases. See ``docs/rulebook.md``.
"""
