"""Receivers of the applications machinery's transitions for the program's records (a returned,
withdrawn or rejected qualification application reopens or rejects its declarations …)."""
