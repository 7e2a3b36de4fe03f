"""Excel in and out for the first-set pages: the catalog (import, export, template) and the
subsidy estimator (policies template and upload, result download). Reading builds on
:mod:`gaoxin.core.imports` (streamed sheet reader, cell converters, error list)."""
