"""What kind of organisation an applicant is and where it is, from its name alone (no registry is available).

Kinds reuse the demo's academic-name rules (marketplace/demo/academia.py). Places: the patent's own province when
the record has one, else a curated university (marketplace/demo/universities.py), else a province or city that
opens the name (北京百度网讯…, 深圳市…) or stands in its brackets (科大讯飞(苏州)…). Names without a place
(华为技术有限公司, most foreign applicants) stay without one; reports show them as "region not stated".
"""

import re
from datetime import date
from functools import lru_cache

from marketplace.demo.academia import COMPANY_NAME, INSTITUTE_NAME, is_university
from marketplace.demo.universities import OWNERS
from marketplace.regions import CAPITALS, CITIES, PROVINCES, canonical_region, short_form

# The Patent fields the navigation rows derive from (patent_facts' arguments).
PATENT_FIELDS = ("applicants", "province", "application_date", "grant_date", "legal_status", "ipc_section",
                 "ipc_class", "ipc_main")
KINDS = ("university", "institute", "company", "individual", "other")  # PatentApplicant.Kind's values
# The province of each city regions.py names (its tables know the English name, not the province).
CITY_PROVINCES = {
    "石家庄市": "河北省", "太原市": "山西省", "沈阳市": "辽宁省", "长春市": "吉林省", "哈尔滨市": "黑龙江省",
    "南京市": "江苏省", "杭州市": "浙江省", "合肥市": "安徽省", "福州市": "福建省", "南昌市": "江西省",
    "济南市": "山东省", "郑州市": "河南省", "武汉市": "湖北省", "长沙市": "湖南省", "广州市": "广东省",
    "海口市": "海南省", "成都市": "四川省", "贵阳市": "贵州省", "昆明市": "云南省", "西安市": "陕西省",
    "兰州市": "甘肃省", "西宁市": "青海省", "台北市": "台湾省", "呼和浩特市": "内蒙古自治区",
    "南宁市": "广西壮族自治区", "拉萨市": "西藏自治区", "银川市": "宁夏回族自治区", "乌鲁木齐市": "新疆维吾尔自治区",
    "苏州市": "江苏省", "无锡市": "江苏省", "常州市": "江苏省", "镇江市": "江苏省", "徐州市": "江苏省",
    "南通市": "江苏省", "扬州市": "江苏省", "宿迁市": "江苏省", "宁波市": "浙江省", "温州市": "浙江省",
    "绍兴市": "浙江省", "金华市": "浙江省", "嘉兴市": "浙江省", "湖州市": "浙江省", "深圳市": "广东省",
    "东莞市": "广东省", "佛山市": "广东省", "珠海市": "广东省", "中山市": "广东省", "惠州市": "广东省",
    "汕头市": "广东省", "厦门市": "福建省", "泉州市": "福建省", "青岛市": "山东省", "烟台市": "山东省",
    "潍坊市": "山东省", "淄博市": "山东省", "大连市": "辽宁省", "鞍山市": "辽宁省", "秦皇岛市": "河北省",
    "保定市": "河北省", "唐山市": "河北省", "洛阳市": "河南省", "焦作市": "河南省", "驻马店市": "河南省",
    "芜湖市": "安徽省", "黄山市": "安徽省", "新余市": "江西省", "赣州市": "江西省", "宜昌市": "湖北省",
    "襄阳市": "湖北省", "株洲市": "湖南省", "湘潭市": "湖南省", "绵阳市": "四川省", "桂林市": "广西壮族自治区",
    "柳州市": "广西壮族自治区", "铜仁市": "贵州省", "包头市": "内蒙古自治区",
}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
assert set(CITY_PROVINCES) == set(CAPITALS) | set(CITIES)  # a city added to regions.py needs its province here


# Every written form (full or short) of a province or city → its province; longest first, so 黑龙江 wins over
# a shorter form that also opens the name. Two-character short forms only, so 吉林大学 matches 吉林 but no
# one-character accident does.
PLACE_PROVINCES = {**{form: city_province for city, city_province in CITY_PROVINCES.items()
                      for form in (city, short_form(city))},
                   **{form: province for province in PROVINCES for form in (province, short_form(province))}}
PLACE_PREFIX = re.compile("|".join(sorted((re.escape(form) for form in PLACE_PROVINCES if len(form) >= 2),
                                          key=len, reverse=True)))
BRACKETED = re.compile(r"[(（]([^()（）]{2,8})[)）]")
UNIVERSITY_PROVINCES = {name: province for name, (_english, (province, _city)) in OWNERS.items() if province}
INDIVIDUAL_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")  # a person's name: two to four characters, no suffix
ORGANISATION_WORDS = re.compile("公司|大学|学院|研究|中心|集团|医院|株式会社|协会|委员会|局|厂|所|院|站|部|队|社|会")


# Imports meet the same applicants again and again: each name is classified once per process.
@lru_cache(maxsize=65536)
def applicant_kind(name: str) -> str:
    """One of PatentApplicant.Kind's values (plain strings: the migration that fills the rows imports this)."""
    if is_university(name):
        return "university"
    if INSTITUTE_NAME.search(name) and not COMPANY_NAME.search(name):
        return "institute"
    if COMPANY_NAME.search(name) or re.search(r"(?i)\b(inc|corp|co|ltd|llc|gmbh|ag)\b", name):
        return "company"
    if INDIVIDUAL_NAME.fullmatch(name) and not ORGANISATION_WORDS.search(name):
        return "individual"
    return "other"


@lru_cache(maxsize=65536)
def applicant_province(name: str) -> str:
    """The province the name tells, or ""."""
    if name in UNIVERSITY_PROVINCES:
        return UNIVERSITY_PROVINCES[name]
    opening = PLACE_PREFIX.match(name)
    if opening:
        return PLACE_PROVINCES[opening.group()]
    for inside in BRACKETED.findall(name):
        found = PLACE_PREFIX.match(inside)
        if found:
            return PLACE_PROVINCES[found.group()]
    return ""


def patent_province(province: str) -> str:
    """A record's own province in the full form the reports group by (广东 → 广东省)."""
    return canonical_region(province) if province else ""


def applicant_rows(applicants, province: str, filed: date | None) -> list[dict]:
    """The PatentApplicant values of one patent: distinct non-empty names in order, cut to the column's width."""
    own_province = patent_province(province)
    names: dict[str, None] = {}
    for name in applicants if isinstance(applicants, list) else []:
        if isinstance(name, str) and name.strip():
            names.setdefault(name.strip()[:300], None)
    return [{"position": position, "name": name, "kind": applicant_kind(name),
             # The record's own address is the first applicant's (CNIPA prints the first one's).
             "province": own_province if position == 0 and own_province else applicant_province(name),
             "filing_year": filed.year if filed else None}
            for position, name in enumerate(names)]


def patent_facts(*, applicants, province: str, application_date: date | None, grant_date: date | None,
                 legal_status: str, ipc_section: str, ipc_class: str, ipc_main: str) -> tuple[dict, list[dict]]:
    """The PatentFacts values and the PatentApplicant rows of one patent, from its own fields."""
    rows = applicant_rows(applicants, province, application_date)
    subclass = ipc_main[:4] if len(ipc_main) >= 4 and ipc_main[:3] == ipc_class else ""
    facts = {"filing_year": application_date.year if application_date else None,
             "grant_year": grant_date.year if grant_date else None, "legal_status": legal_status,
             "ipc_section": ipc_section, "ipc_class": ipc_class, "ipc_subclass": subclass, "ipc_main": ipc_main[:30],
             "province": rows[0]["province"] if rows else patent_province(province),
             **{f"by_{kind}": any(row["kind"] == kind for row in rows) for kind in KINDS}}
    return facts, rows
