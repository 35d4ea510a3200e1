"""Invented organisations, people, pools and demands of the demo site. Every name marked （演示） is fictitious."""

from decimal import Decimal

from ..models import Organisation

K = Organisation.Kind
DEMO_PASSWORD = "ipmarket-demo"

CENTRE = {"name_zh": "知识产权运营交易中心", "name_en": "IP Operation and Trading Centre", "kind": K.OPERATION_CENTRE,
          "province": "江苏省", "city": "苏州市",
          "description_zh": "演示站点的运营方：审核挂牌、组织专利池、撮合技术供需。"}
# Operating agencies list the records of companies: (organisation, which records).
AGENCY_CHEMISTRY = {"name_zh": "示例市知识产权运营有限公司（演示）", "name_en": "Demo City IP Operations Co. (demo)",
                    "kind": K.OPERATING_AGENCY, "province": "江苏省", "city": "苏州市",
                    "description_zh": "演示机构：代理企业专利的挂牌与许可，运营化工、材料、医药领域的专利池。"}
AGENCY_ENGINEERING = {"name_zh": "华东技术转移服务中心（演示）", "name_en": "East China Technology Transfer Centre (demo)",
                      "kind": K.OPERATING_AGENCY, "province": "浙江省", "city": "杭州市",
                      "description_zh": "演示机构：代理机械、电气、电子与通信领域的专利交易。"}
AGENCY_INTERNATIONAL = {"name_zh": "环球专利技术运营有限公司（演示）", "name_en": "Global Patent Operations Ltd. (demo)",
                        "kind": K.OPERATING_AGENCY, "province": "广东省", "city": "深圳市",
                        "description_zh": "演示机构：引进境外专利技术，面向国内企业许可。"}
# IPC sections whose company records AGENCY_CHEMISTRY lists; AGENCY_ENGINEERING lists the rest.
CHEMISTRY_SECTIONS = {"A", "C"}
VOUCHER_AUTHORITY = {"name_zh": "示例市市场监督管理局（知识产权局）（演示）", "name_en": "Demo City Market Regulation "
                     "Administration (IP Office) (demo)", "kind": K.VOUCHER_AUTHORITY, "province": "江苏省",
                     "city": "苏州市", "description_zh": "演示机构：向中小企业发放知识产权服务券。"}
SERVICE_AGENCIES = [
    {"name_zh": "示例专利检索分析中心（演示）", "name_en": "Demo Patent Search and Analytics Centre (demo)",
     "kind": K.SERVICE_AGENCY, "province": "江苏省", "city": "苏州市",
     "description_zh": "服务项目：专利检索、查新、专利导航分析、技术路线图。"},
    {"name_zh": "示例知识产权代理事务所（演示）", "name_en": "Demo IP Attorneys (demo)",
     "kind": K.SERVICE_AGENCY, "province": "浙江省", "city": "杭州市",
     "description_zh": "服务项目：专利申请代理、复审无效、许可合同备案。"},
    {"name_zh": "示例知识产权资产评估有限公司（演示）", "name_en": "Demo IP Valuation Co. (demo)",
     "kind": K.SERVICE_AGENCY, "province": "广东省", "city": "深圳市",
     "description_zh": "服务项目：专利价值评估、质押融资评估、交易定价咨询。"},
]

# SMEs and their open demands: (title, description, sector, IPC hints, budget from, budget up to).
SMES = [
    ({"name_zh": "苏州绿能动力电池有限公司（演示）", "name_en": "Suzhou Green Power Battery Co. (demo)",
      "kind": K.ENTERPRISE, "province": "江苏省", "city": "苏州市"}, [
        ("寻求高能量密度锂离子电池电极材料技术",
         "我公司生产电动自行车和储能用锂电池，希望引进可提高正极材料能量密度和循环寿命的专利技术，"
         "可接受独占许可或专利转让，并希望专利权人提供中试阶段的技术指导。",
         "new_energy", ["H01M"], Decimal("500000"), Decimal("2000000")),
        ("寻找蓄电池充电控制与电池管理技术",
         "需要电池组充放电控制、电量检测和过充保护方面的成熟技术，用于储能柜产品升级。",
         "new_energy", ["H01M", "H02J"], Decimal("200000"), Decimal("800000")),
    ]),
    ({"name_zh": "深圳智视科技有限公司（演示）", "name_en": "Shenzhen Smart Vision Technology Co. (demo)",
      "kind": K.ENTERPRISE, "province": "广东省", "city": "深圳市"}, [
        ("图像识别与神经网络算法专利许可",
         "公司研发工业视觉检测设备，需要图像识别、字符识别和神经网络相关的专利许可，用于产品缺陷检测，"
         "中英文专利均可。",
         "information_technology", ["G06K", "G06N", "G06T"], Decimal("300000"), Decimal("1500000")),
        ("寻求视频图像压缩与处理技术",
         "面向安防摄像头产品，寻找图像编码、图像处理电路方面的专利，优先考虑普通许可。",
         "information_technology", ["H04N", "G06T"], None, Decimal("1000000")),
    ]),
    ({"name_zh": "杭州精驱电机有限公司（演示）", "name_en": "Hangzhou Precision Drive Motor Co. (demo)",
      "kind": K.ENTERPRISE, "province": "浙江省", "city": "杭州市"}, [
        ("无刷电机控制装置技术引进",
         "我公司生产家电和电动工具用电机，希望获得无刷直流电机控制装置、变频调速方面的专利技术。",
         "advanced_manufacturing", ["H02P", "H02K"], Decimal("300000"), Decimal("1200000")),
    ]),
    ({"name_zh": "苏州清源化工科技有限公司（演示）", "name_en": "Suzhou Qingyuan Chemical Technology Co. (demo)",
      "kind": K.ENTERPRISE, "province": "江苏省", "city": "苏州市"}, [
        ("石油炼制催化剂及加氢技术合作",
         "寻求加氢精制、催化裂化催化剂的制备技术，可合作开发或受让专利，希望与研究院所建立长期合作。",
         "chemicals", ["B01J", "C10G"], Decimal("1000000"), Decimal("5000000")),
        ("含油废水催化氧化处理技术",
         "工厂需要处理含油和含酚废水，寻找催化氧化或生物处理方面的专利技术及工程方案。",
         "energy_saving", ["C02F", "B01J"], Decimal("200000"), Decimal("600000")),
    ]),
    ({"name_zh": "杭州康和生物医药有限公司（演示）", "name_en": "Hangzhou Kanghe Biopharma Co. (demo)",
      "kind": K.ENTERPRISE, "province": "浙江省", "city": "杭州市"}, [
        ("药物制剂与提取工艺专利转让",
         "寻找中药有效成分提取、缓释制剂方面的专利，计划用于新产品注册，倾向专利转让。",
         "biomedicine", ["A61K", "C07D"], Decimal("500000"), Decimal("3000000")),
    ]),
]

# Pools formed from academic patents of one IPC class: (class, name zh, name en, description zh).
POOLS = [
    ("B01", "石油化工催化与分离技术专利池（演示）", "Petrochemical catalysis and separation pool (demo)",
     "由多家研究院所的催化剂、吸附分离专利组成，统一许可，收益按成员份额分配。"),
    ("C07", "有机合成技术专利池（演示）", "Organic synthesis pool (demo)",
     "汇集有机化合物制备方法专利，面向精细化工与医药中间体企业一揽子许可。"),
    ("C10", "石油炼制与加氢技术专利池（演示）", "Petroleum refining and hydroprocessing pool (demo)",
     "覆盖加氢精制、裂化与润滑油加工的专利组合。"),
    ("A61", "医药与医疗器械专利池（演示）", "Medicine and medical devices pool (demo)",
     "高校与研究所的药物制剂、医疗器械专利，适合中小药企引进。"),
]
POOL_MEMBERS = 3
POOL_PATENTS_PER_MEMBER = 4

# Demo users: (username, display name, role shown in the table, organisation name).
USERS = [
    ("demo_operator", "运营中心 王审核", "operator (Wagtail admin)", CENTRE["name_zh"]),
    ("demo_agency", "运营机构 李经理", "IP operating agency staff", AGENCY_CHEMISTRY["name_zh"]),
    ("demo_buyer", "企业 张总", "SME buyer", SMES[0][0]["name_zh"]),
    ("demo_service", "服务机构 赵顾问", "service agency staff", SERVICE_AGENCIES[0]["name_zh"]),
    ("demo_voucher", "监管局 陈科长", "voucher officer", VOUCHER_AUTHORITY["name_zh"]),
]
# The university account joins the university with the most listings (known only after the import).
UNIVERSITY_USER = ("demo_university", "高校技术转移办 刘老师", "university staff")


def sme_contact(number: int) -> tuple[str, str]:
    """The demo account (username, display name) that acts for the number-th SME when it has none yet."""
    return f"demo_sme{number}", f"企业 联系人{number}"
