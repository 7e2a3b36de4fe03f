"""Stable reason codes of a policy's result, with their Chinese and English wording.

Every zero has a reason; a subsidy cut by a cap or a ceiling says so too. The codes are part of
the calculation contract: the web pages and the API map them, so never rename one.
"""

from __future__ import annotations

OK = "ok"
CAP_LIMITED = "cap_limited"
CEILING_LIMITED = "ceiling_limited"
NOT_IN_FORCE = "not_in_force"
FOURTH_YEAR = "fourth_year"
BELOW_THRESHOLD = "below_threshold"
OUTSIDE_WINDOW = "outside_window"
CAP_EXHAUSTED = "cap_exhausted"
NO_ELIGIBLE_PREMIUM = "no_eligible_premium"
NO_RATIO_LEFT = "no_ratio_left"

REASONS: dict[str, tuple[str, str]] = {
    OK: ("按规则足额补偿", "paid in full under the rule"),
    CAP_LIMITED: (
        "保费补助资金额度上限余额不足，按剩余额度补助",
        "paid only what was left of the qualification's cap",
    ),
    CEILING_LIMITED: ("按年度补偿金额上限封顶", "limited to the yearly ceiling"),
    NOT_IN_FORCE: (
        "起保日不在该政策适用期间内，不予补偿",
        "the scheme does not apply to a policy starting on this date",
    ),
    FOURTH_YEAR: (
        "该装备连续投保已获补偿年数达到上限(三年)，不再补偿",
        "the equipment's chain already had its maximum compensated years (three)",
    ),
    BELOW_THRESHOLD: (
        "新保保单累计保费未达到申请门槛，暂不补偿",
        "the first-year (新保) premiums of the application are below the threshold",
    ),
    OUTSIDE_WINDOW: (
        "保险期间不在保费补助资金额度上限有效期内，不予补助",
        "the policy period is not inside the cap's validity window",
    ),
    CAP_EXHAUSTED: (
        "保费补助资金额度上限已用完，不予补助",
        "the qualification's cap is used up",
    ),
    NO_ELIGIBLE_PREMIUM: ("可计入补偿的保费为零", "no premium counts for compensation"),
    NO_RATIO_LEFT: ("逐年递减后补偿比例为零", "the stepped-down ratio has reached zero"),
}
