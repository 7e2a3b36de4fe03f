"""The first-set insurance demo (a @demo_loader of its own)."""
