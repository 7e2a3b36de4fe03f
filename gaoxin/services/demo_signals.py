"""Demo data of the services signals part (registered with @demo_loader)."""
