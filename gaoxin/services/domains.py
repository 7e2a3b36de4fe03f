"""The standard service domains every zone starts with: the three broad domains the seed names
for the advisors (技术转化, 合规运营, 资本对接) and the finer topics its seminar named
(科研成果转化, 医疗器械注册合规, 资本赋能路径, 供应链协同优化), plus two common ones. Created by
migration 0002; officials add more on the domains page."""

from __future__ import annotations

# (code, name, English name, parent code, order)
STANDARD_DOMAINS: tuple[tuple[str, str, str, str, int], ...] = (
    ("tech_transfer", "技术转化", "Technology transfer", "", 10),
    ("compliance", "合规运营", "Compliance and operations", "", 20),
    ("capital", "资本对接", "Access to capital", "", 30),
    ("research_transfer", "科研成果转化", "Commercialising research results", "tech_transfer", 11),
    ("ip", "知识产权", "Intellectual property", "tech_transfer", 12),
    ("device_registration", "医疗器械注册合规", "Medical device registration", "compliance", 21),
    ("supply_chain", "供应链协同优化", "Supply chain coordination", "compliance", 22),
    ("capital_paths", "资本赋能路径", "Paths to equity financing", "capital", 31),
    ("bank_credit", "银行信贷", "Bank credit", "capital", 32),
)


def ensure_standard_domains() -> int:
    """Create the standard domains that are missing (migration 0002 creates them; a database
    flushed since — a transactional test, a restored dump of an older version — may lack them).
    Returns how many were created."""
    from .models import ServiceDomain

    created = 0
    by_code = {d.code: d for d in ServiceDomain.objects.all()}
    for code, name, name_en, parent, order in STANDARD_DOMAINS:
        if code in by_code:
            continue
        by_code[code] = ServiceDomain.objects.create(
            code=code, name=name, name_en=name_en, parent=by_code.get(parent), order=order
        )
        created += 1
    return created
