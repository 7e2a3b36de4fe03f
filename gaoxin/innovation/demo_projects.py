"""Demo data of the innovation projects part (registered with @demo_loader)."""
