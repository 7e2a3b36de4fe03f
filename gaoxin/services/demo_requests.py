"""Demo data of the services requests part (registered with @demo_loader)."""
