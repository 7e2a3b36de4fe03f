"""Excel in and out for the registry: template, all-or-nothing import, filtered export."""
