"""Demo data of the innovation institutes part (registered with @demo_loader)."""
