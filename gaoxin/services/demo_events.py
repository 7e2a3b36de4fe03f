"""Demo data of the services events part (registered with @demo_loader)."""
