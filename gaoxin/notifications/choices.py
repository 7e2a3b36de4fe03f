from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    POLICY_MATCH = "policy_match", _("Policy match")
    POLICY_TAG = "policy_tag", _("Subscribed tag")
    # Trusted facts (数据核验): the outcome of a declaration, yearly reporting tasks.
    DECLARATION_VERIFIED = "decl_verified", _("Declaration verified")
    DECLARATION_REJECTED = "decl_rejected", _("Declaration rejected")
    CAMPAIGN_TASK = "campaign_task", _("Yearly reporting task")
    CAMPAIGN_REMINDER = "campaign_reminder", _("Yearly reporting reminder")
    # 免申即享: what the enterprise gets.
    GRANT_NOTICE = "grant_notice", _("On a public notice")
    GRANT_REMOVED = "grant_removed", _("Removed from a public notice")
    GRANT_PAID = "grant_paid", _("Benefit paid")
    # Applications (申报): every step that concerns the applicant or a stage's owner.
    APPLICATION = "application", _("Application")
    # 首台(套): a qualification's cap at risk of going unused before its window closes.
    FIRSTSET_AT_RISK = "fs_at_risk", _("First-set cap at risk")
    # Services (服务): a signal's task for an advisor, or a signal told to the enterprise; the
    # steps of service requests, consultations and seminars.
    SERVICE_SIGNAL = "svc_signal", _("Service signal")
    SERVICE = "service", _("Service")
