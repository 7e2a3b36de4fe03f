"""The first-set proposals demo (a @demo_loader of its own)."""
