"""Signal receivers of the services app (the signals that create advisor tasks hang here)."""
