"""A small field with known figures: eight autonomous-driving patents (G08G, B60W) and one outside it, imported
through the real importer (cn_export format) so the applicant rows are written as on a real import.

Known figures for ipc=G08G B60W:
- 8 patents; filed 2019: 3, 2020: 2, 2021: 3; granted (grant_date) 2021: 2, 2022: 1
- applicants: 清华大学 4 patents, 北京嘀嘀无限科技发展有限公司 3, 丰田自动车株式会社 2, 东南大学 1,
  深圳市大疆创新科技有限公司 1, 张三 1
- university–company pairs: 清华大学–北京嘀嘀无限科技发展有限公司 2, 清华大学–丰田自动车株式会社 1
- first applicant's province: 北京市 4 (清华大学 ×2 first, 嘀嘀 ×1 first, 张三's record address 北京), 江苏省 1
  (东南大学), 广东省 1 (深圳…), not stated 2 (丰田)
- legal status: 有效 → granted 4, 审中 → pending 3, 驳回 → refused 1
- subclasses: B60W 5, G08G 3
"""

import json
from pathlib import Path

from marketplace.importers.run import patents_import

RECORDS = [
    ("CN1100001A", "G08G1/16", ["清华大学", "北京嘀嘀无限科技发展有限公司"], "2019-03-01", "2021-05-01", "有效", {}),
    ("CN1100002A", "G08G1/01", ["清华大学"], "2019-06-01", "", "审中", {}),
    ("CN1100003A", "B60W30/09", ["北京嘀嘀无限科技发展有限公司", "清华大学"], "2019-09-01", "2021-09-01", "有效", {}),
    ("CN1100004A", "B60W60/00", ["丰田自动车株式会社", "清华大学"], "2020-01-10", "", "审中", {}),
    ("CN1100005A", "B60W40/02", ["丰田自动车株式会社"], "2020-02-10", "2022-02-01", "有效", {}),
    ("CN1100006A", "B60W50/14", ["东南大学"], "2021-03-03", "", "驳回", {}),
    ("CN1100007A", "G08G5/00", ["深圳市大疆创新科技有限公司"], "2021-04-04", "", "审中", {}),
    ("CN1100008A", "B60W10/18", ["张三", "北京嘀嘀无限科技发展有限公司"], "2021-05-05", "", "有效",
     {"province": "北京", "city": "北京"}),
    # Outside the field: a speech patent of 清华大学.
    ("CN1100009A", "G10L15/22", ["清华大学"], "2021-06-06", "", "有效", {}),
]


def import_fixture(folder: Path) -> Path:
    path = folder / "navigation.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number, ipc, applicants, filed, granted, status, extra in RECORDS:
            record = {"publication_number": number, "application_number": f"CN{number[2:-1]}.0", "kind": "A",
                      "title_zh": f"自动驾驶车辆控制方法{number[-3:]}", "ipc_main": ipc, "applicants": applicants,
                      "application_date": filed, "publication_date": f"{int(filed[:4]) + 1}{filed[4:]}",
                      "legal_status_zh": status, "legal_status_as_of": "2023-04-18", **extra}
            if granted:
                record["grant_date"] = granted
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = patents_import(path=path, fmt="cn_export")
    assert report.created == len(RECORDS) and not report.rejected, report.rejected
    return path
