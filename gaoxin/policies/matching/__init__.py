"""Which enterprises meet a policy's criteria, on the three paths that must agree
(docs/policies.md, "Set-based matching in SQL"):

- ``catalog``: every fact criteria may use (imports nothing of the app; the others read it);
- ``facts``: the facts of one enterprise (``enterprise_facts``, ``estimate_facts``) for the
  calculator's ``explain``, and of many as a frame (``facts_frame``), with their sources;
- ``sql``: criteria compiled to one SQL query over the registry's tables;
- ``columnar``: the facts of every enterprise read into numpy columns for the batch evaluator;
- ``match``: set-based matching of one version and the nightly re-match of all (stored as
  ``PolicyMatchSet``); ``export``: a stored match set as an Excel list.
"""
