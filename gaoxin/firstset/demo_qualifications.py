"""The first-set qualifications demo (a @demo_loader of its own)."""
