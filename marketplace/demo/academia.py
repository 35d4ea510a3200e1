"""Recognising universities and research institutes among applicants, by name (no registry is available)."""

import re

ACADEMIC_NAME = re.compile("大学|学院|研究所|研究院|科学院")
INSTITUTE_NAME = re.compile("研究所|研究院|科学院")
# Companies named after research (…研究院有限公司, 株式会社…研究所) are not academic.
COMPANY_NAME = re.compile("公司|株式会社|集团")


def academic_applicant(applicants: list[str]) -> str | None:
    """The first applicant that is a university or research institute, if any."""
    return next((name for name in applicants if ACADEMIC_NAME.search(name) and not COMPANY_NAME.search(name)),
                None)


def is_university(name: str) -> bool:
    """大学 anywhere, or a name ending in 学院 that is not an academy of sciences (中国科学院)."""
    return "大学" in name or (name.endswith("学院") and not INSTITUTE_NAME.search(name))
