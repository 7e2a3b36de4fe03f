"""What the seed document states (shared/seed/000_663a42aec9d657f6.txt), as plain data.

Only names, kinds, relations and people that the newspaper page gives, plus a few facts of
common knowledge (the region code of the zone, where a university is). Everything invented for
the demo lives in `generate.py`; every field below that the seed does *not* state is marked in a
comment, and the record that carries it is marked `is_sample`.
"""

from __future__ import annotations

from dataclasses import dataclass

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.enterprises.choices import Stage

ZONE_REGION = "410171"  # 郑州高新技术产业开发区 (real code)
HENAN_REGION = "410000"


@dataclass(frozen=True)
class OrgSpec:
    """An organisation that is not an enterprise. `parent` and `zone` are keys of other specs."""

    key: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None
    zone: str | None = None
    region_code: str = ""
    is_sample: bool = False


@dataclass(frozen=True)
class ParkSpec:
    key: str
    name: str
    operator: str
    zone: str
    focus: str
    platforms: tuple[tuple[str, str], ...] = ()  # (name, PlatformKind)
    recognitions: tuple[str, ...] = ()
    is_sample: bool = False


@dataclass(frozen=True)
class NamedFirmSpec:
    """An enterprise the seed names. `revenue_2024` is generated: it only sizes the demo."""

    name: str
    region_code: str
    industry_code: str
    industry_name: str
    stage: str
    revenue_2024: int  # generated, yuan
    park: str | None = None
    segment: str = ""
    founded_year: int | None = None  # only when the seed gives it
    org_is_sample: bool = False  # True when even the name is an assumption
    qualifications: tuple[str, ...] = ()  # kinds this firm holds (generated, but fixed)
    seed_says: str = ""


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    organisation: str  # an OrgSpec key, or "enterprise:<enterprise name>"
    display_name: str
    title: str = ""
    is_sample: bool = True
    lands_on_zh: str = ""
    lands_on_en: str = ""
    role_zh: str = ""


COMMITTEE = "committee"
ECON_DEPT = "econ_dept"
INVESTMENT_GROUP = "investment_group"
ADVISORS = "advisors"
MEDPARK = "medpark"
SUANPARK = "suanpark"

ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        COMMITTEE,
        "郑州高新技术产业开发区管委会",
        OrganisationKind.ZONE_COMMITTEE,
        short_name="郑州高新区管委会",
        region_code=ZONE_REGION,
    ),
    # Organisation names are unique platform-wide, so the unit carries its committee's name.
    # Kind zone_committee because zone officials must belong to one; parent and zone point at
    # the committee, so Organisation.home_zone is the committee.
    OrgSpec(
        ECON_DEPT,
        "郑州高新技术产业开发区管委会经济发展部",
        OrganisationKind.ZONE_COMMITTEE,
        short_name="经济发展部",
        parent=COMMITTEE,
        zone=COMMITTEE,
        region_code=ZONE_REGION,
    ),
    OrgSpec(
        INVESTMENT_GROUP,
        "郑州高新产业投资集团有限公司",
        OrganisationKind.PARK_OPERATOR,
        short_name="高新产投",
        zone=COMMITTEE,
        region_code=ZONE_REGION,
    ),
    OrgSpec(
        "industry_dept",
        "河南省工业和信息化厅",
        OrganisationKind.PROVINCIAL_DEPARTMENT,
        short_name="省工信厅",
        region_code=HENAN_REGION,
    ),
    OrgSpec(
        "pharma_association",
        "河南省医药行业协会",
        OrganisationKind.INDUSTRY_ASSOCIATION,
        region_code=HENAN_REGION,
    ),
    OrgSpec(
        "device_association",
        "河南省医疗器械行业协会",
        OrganisationKind.INDUSTRY_ASSOCIATION,
        region_code=HENAN_REGION,
    ),
    OrgSpec("donghua", "东华大学", OrganisationKind.UNIVERSITY_INSTITUTE, region_code="310000"),
    OrgSpec("zzuli", "郑州轻工业大学", OrganisationKind.UNIVERSITY_INSTITUTE, region_code="410100"),
    OrgSpec(
        "sibet_zhengzhou",
        "中国科学院苏州医工所郑州研究院",
        OrganisationKind.UNIVERSITY_INSTITUTE,
        region_code="410100",
    ),
    # The seed names the advisors' home institutions (中国科学院、中国政法大学、红杉资本), not an
    # advisor body: this one is the demo's stand-in for "the 9 advisors of the park".
    OrgSpec(
        ADVISORS,
        "MedPark 产业顾问团",
        OrganisationKind.ADVISOR_INSTITUTION,
        zone=COMMITTEE,
        region_code=ZONE_REGION,
        is_sample=True,
    ),
)

PARKS: tuple[ParkSpec, ...] = (
    ParkSpec(
        MEDPARK,
        "郑州高新MedPark·医械产业园",
        operator=INVESTMENT_GROUP,
        zone=COMMITTEE,
        focus="高端医疗器械研发制造",
        platforms=(
            ("科研转化平台", "research"),
            ("金融服务枢纽", "finance"),
            ("智慧物流仓储体系", "logistics"),
        ),
        # "作为河南省政府认定的数字医疗仪器设备产业基地"
        recognitions=("河南省数字医疗仪器设备产业基地",),
    ),
    # The conference venue. The seed does not say who runs it or what it focuses on.
    ParkSpec(
        SUANPARK,
        "郑州高新·数算产业园",
        operator=INVESTMENT_GROUP,
        zone=COMMITTEE,
        focus="数字经济与算力服务",
        is_sample=True,
    ),
)

SEGMENT_IMAGING = "医学影像设备"
SEGMENT_IVD = "体外诊断试剂"
SEGMENT_REHAB = "智能康复器械"

NAMED_FIRMS: tuple[NamedFirmSpec, ...] = (
    # The three the seed names among the 18 firms that signed with MedPark.
    NamedFirmSpec(
        "北京理工大学郑州研究院",
        ZONE_REGION,
        "M7320",
        "工程和技术研究和试验发展",
        Stage.RND,
        revenue_2024=46_000_000,
        park=MEDPARK,
        seed_says="与 MedPark 现场签约的 18 家领军企业之一",
        qualifications=("tech_sme",),
    ),
    NamedFirmSpec(
        "希莱乐检(郑州)生物科技有限公司",  # the seed writes 希莱乐检(郑州)生物科技
        ZONE_REGION,
        "C2761",
        "生物药品制造",
        Stage.PRODUCTION,
        revenue_2024=168_000_000,
        park=MEDPARK,
        segment=SEGMENT_IVD,
        seed_says="与 MedPark 现场签约的 18 家领军企业之一",
        qualifications=("high_tech", "tech_sme"),
    ),
    NamedFirmSpec(
        "河南协同空间技术研究院",
        ZONE_REGION,
        "M7320",
        "工程和技术研究和试验发展",
        Stage.PILOT,
        revenue_2024=38_000_000,
        park=MEDPARK,
        seed_says="与 MedPark 现场签约的 18 家领军企业之一",
        qualifications=("tech_sme",),
    ),
    # The zone's two 2024 first-set (首台(套)) insurance-compensation qualifiers.
    NamedFirmSpec(
        "河南恒天久大实业有限公司",
        ZONE_REGION,
        "C3591",
        "环境保护专用设备制造",
        Stage.PRODUCTION,
        revenue_2024=326_000_000,
        seed_says="2024年首台(套)保险补偿项目入选: 含油污泥高值资源化利用装备",
        qualifications=("high_tech", "srdi"),
    ),
    NamedFirmSpec(
        "郑州赛为机电设备有限公司",
        ZONE_REGION,
        "C3491",
        "工业机器人制造",
        Stage.PRODUCTION,
        revenue_2024=254_000_000,
        seed_says="2024年首台(套)保险补偿项目入选: 重载工业机器人",
        qualifications=("high_tech", "srdi", "tech_sme"),
    ),
    # 河南省纤维新材料纺机装备产业研究院: lead firm and upstream/downstream members.
    NamedFirmSpec(
        "郑州纺织机械股份有限公司",  # the seed writes 郑纺机
        ZONE_REGION,  # assumption: the seed does not say where 郑纺机 is registered
        "C3551",
        "纺织专用设备制造",
        Stage.SALES,
        revenue_2024=1_180_000_000,
        founded_year=1949,  # "龙头企业郑纺机和新中国同龄"
        seed_says="河南省纤维新材料纺机装备产业研究院牵头单位, 产业链链长",
        qualifications=("high_tech", "srdi", "little_giant"),
    ),
    NamedFirmSpec(
        "新乡化纤股份有限公司",
        "410700",  # 新乡市: outside the zone
        "C2821",
        "纤维素纤维原料及纤维制造",
        Stage.SALES,
        revenue_2024=6_800_000_000,
        seed_says="产业研究院核心上下游企业",
        qualifications=("high_tech",),
    ),
    NamedFirmSpec(
        "保定天鹅新型纤维制造有限公司",
        "130600",  # 保定市, 河北省: outside the zone and the province
        "C2821",
        "纤维素纤维原料及纤维制造",
        Stage.PRODUCTION,
        revenue_2024=920_000_000,
        seed_says="产业研究院核心上下游企业",
        qualifications=("high_tech",),
    ),
    NamedFirmSpec(
        "河南先迪电气科技有限公司",
        ZONE_REGION,  # assumption
        "C4011",
        "工业自动控制系统装置制造",
        Stage.PRODUCTION,
        revenue_2024=118_000_000,
        seed_says="产业研究院核心上下游企业",
        qualifications=("high_tech", "tech_sme"),
    ),
    # The seed writes "河南正谦医疗" (its 注册部副总监 万飞 spoke); the full name is an assumption.
    NamedFirmSpec(
        "河南正谦医疗科技有限公司",
        ZONE_REGION,
        "C3589",
        "其他医疗设备及器械制造",
        Stage.PRODUCTION,
        revenue_2024=86_000_000,
        org_is_sample=True,
        seed_says="注册部副总监万飞在大会主题分享环节发言",
        qualifications=("tech_sme",),
    ),
)

MEDPARK_SIGNED = 18  # "18家领军企业与园区现场签约"

# (name, segment, industry code, industry name). Invented names; any likeness to a real
# company is coincidental. Together with the three named firms they make the 18 signings.
SAMPLE_MEDPARK_FIRMS: tuple[tuple[str, str, str, str], ...] = (
    ("郑州康影医疗科技有限公司", SEGMENT_IMAGING, "C3581", "医疗诊断、监护及治疗设备制造"),
    ("河南明视医学影像设备有限公司", SEGMENT_IMAGING, "C3581", "医疗诊断、监护及治疗设备制造"),
    ("郑州锐声超声医疗科技有限公司", SEGMENT_IMAGING, "C3581", "医疗诊断、监护及治疗设备制造"),
    ("郑州精衡医学影像技术有限公司", SEGMENT_IMAGING, "C3581", "医疗诊断、监护及治疗设备制造"),
    ("河南瑞齿医疗器械有限公司", SEGMENT_IMAGING, "C3582", "口腔科用设备及器具制造"),
    ("郑州普瑞诊断技术有限公司", SEGMENT_IVD, "C2761", "生物药品制造"),
    ("河南启明生物科技有限公司", SEGMENT_IVD, "C2761", "生物药品制造"),
    ("郑州博源体外诊断试剂有限公司", SEGMENT_IVD, "C2770", "卫生材料及医药用品制造"),
    ("河南康析生物医药有限公司", SEGMENT_IVD, "C2770", "卫生材料及医药用品制造"),
    ("郑州微测医疗科技有限公司", SEGMENT_IVD, "C3581", "医疗诊断、监护及治疗设备制造"),
    ("郑州智康康复器械有限公司", SEGMENT_REHAB, "C3586", "康复辅具制造"),
    ("河南行健智能康复科技有限公司", SEGMENT_REHAB, "C3586", "康复辅具制造"),
    ("郑州元动医疗机器人有限公司", SEGMENT_REHAB, "C3586", "康复辅具制造"),
    ("河南安适护理设备有限公司", SEGMENT_REHAB, "C3585", "机械治疗及病房护理设备制造"),
    ("郑州恒愈医疗器械有限公司", SEGMENT_REHAB, "C3589", "其他医疗设备及器械制造"),
)

# The demo's 2024 revenue of the 18 MedPark firms together: a few billion yuan on the way to
# the park's target of 百亿 (10 billion) in three years.
MEDPARK_REVENUE_2024 = 3_200_000_000

DEMO_PASSWORD = "Gaoxin@2025demo"  # noqa: S105 - the published demo password, see docs/demo.md

ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(
        "lili",
        Role.ZONE_OFFICIAL,
        ECON_DEPT,
        "李黎",
        "经济发展部副部长",
        is_sample=False,
        role_zh="管委会干部",
        lands_on_zh="总览: 全区企业、产值与研发",
        lands_on_en="overview of the zone's enterprises",
    ),
    AccountSpec(
        "chenjinge",
        Role.PARK_OPERATOR,
        INVESTMENT_GROUP,
        "陈金阁",
        "总经理",
        is_sample=False,
        role_zh="园区运营方",
        lands_on_zh="总览: 所运营园区的企业",
        lands_on_en="overview of the parks it runs",
    ),
    AccountSpec(
        "reviewer",
        Role.PROVINCIAL_REVIEWER,
        "industry_dept",
        "省工信厅审核员",
        "装备工业处审核员",
        role_zh="省级审核员",
        lands_on_zh="总览: 全省企业",
        lands_on_en="overview of the province's enterprises",
    ),
    AccountSpec(
        "hengtian",
        Role.ENTERPRISE_USER,
        "enterprise:河南恒天久大实业有限公司",
        "张晓峰",
        "综合管理部经理",
        role_zh="企业用户",
        lands_on_zh="本企业档案 (河南恒天久大)",
        lands_on_en="its own enterprise file",
    ),
    AccountSpec(
        "saiwei",
        Role.ENTERPRISE_USER,
        "enterprise:郑州赛为机电设备有限公司",
        "周敏",
        "企业管理部主管",
        role_zh="企业用户",
        lands_on_zh="本企业档案 (郑州赛为机电)",
        lands_on_en="its own enterprise file",
    ),
    AccountSpec(
        "zanminghui",
        Role.ADVISOR,
        "sibet_zhengzhou",
        "昝明辉",
        "副研究员",
        is_sample=False,
        role_zh="顾问专家",
        lands_on_zh="顾问首页",
        lands_on_en="advisor home",
    ),
    AccountSpec(
        "wanfei",
        Role.ADVISOR,
        ADVISORS,
        "万飞",
        "河南正谦医疗注册部副总监",
        is_sample=False,
        role_zh="顾问专家",
        lands_on_zh="顾问首页",
        lands_on_en="advisor home",
    ),
    AccountSpec(
        "auditor",
        Role.AUDITOR,
        COMMITTEE,
        "审计管理员",
        "审计管理员",
        role_zh="审计管理员",
        lands_on_zh="审计日志",
        lands_on_en="the audit trail",
    ),
    AccountSpec(
        "sysadmin",
        Role.SYSTEM_ADMIN,
        COMMITTEE,
        "系统管理员",
        "系统管理员",
        role_zh="系统管理员",
        lands_on_zh="账户管理",
        lands_on_en="account management",
    ),
    AccountSpec(
        "secadmin",
        Role.SECURITY_ADMIN,
        COMMITTEE,
        "安全管理员",
        "安全管理员",
        role_zh="安全管理员",
        lands_on_zh="账户与登录策略",
        lands_on_en="roles and login policy",
    ),
)

# People the seed names (never drawn as generated names).
SEED_PEOPLE = frozenset(
    {"李黎", "马宏军", "付豪", "陈金阁", "昝明辉", "万飞", "孙庆辉", "孙宇鹏", "亓永锋"}
)
