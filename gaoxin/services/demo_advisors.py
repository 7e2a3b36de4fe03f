"""Demo data of the services advisors part (registered with @demo_loader)."""
