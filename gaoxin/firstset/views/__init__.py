"""Pages of the first-set programme: the public catalog and rules explorer, the reviewer's
catalog management, and the subsidy estimator."""
