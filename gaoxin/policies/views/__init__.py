"""Pages of the policy library: ``public`` (the public list and detail, the calculator with
its "as of" date and "what if" form, the public calculator), ``manage`` (the zone officials'
policy management and criteria builder) and ``sandbox`` (the draft against the version in
force)."""
