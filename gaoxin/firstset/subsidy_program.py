"""The premium-subsidy program (保费补助资金申请) on the applications machinery — owned by the
insurance-and-claims work (see docs/firstset.md). Functions as in
``gaoxin.applications.programs.Program``."""

from __future__ import annotations


def freeze(actor, application, today):
    raise NotImplementedError


def replay(application):
    raise NotImplementedError


def decide(actor, application, amount, today):
    raise NotImplementedError


def context(application, user):
    return {}
