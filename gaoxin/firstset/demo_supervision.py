"""The first-set supervision demo (a @demo_loader of its own)."""
