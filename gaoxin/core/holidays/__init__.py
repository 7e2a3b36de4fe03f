"""The holiday arrangements (节假日安排) the security administrator enters: services, the
form, the pages and the demo's sample year. The lookup itself is ``gaoxin.core.workdays``."""
