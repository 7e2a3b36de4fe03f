"""Gaoxin (高新): the platform a high-tech zone runs its industrial development on."""
