from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StageKind(models.TextChoices):
    REVIEW = "review", _("Review")
    EXPERT = "expert", _("Expert review")
    PUBLICATION = "publication", _("Public notice")
    DECISION = "decision", _("Decision")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for revision")
    PUBLICATION = "publication", _("On public notice")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application in one of these holds the (policy, enterprise) pair: one open at a time.
OPEN_STATUSES = ("draft", "in_review", "returned", "publication")


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("review status", "Open")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed: the application was withdrawn")


class ReviewAction(models.TextChoices):
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Reject")


class FactOrigin(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    DECLARED = "declared", _("Declared in this application")


class ObjectionChannel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("In person")
    ONLINE = "online", _("Online, from the notice page")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection status", "Open")
    ANSWERED = "answered", _("Answered")
