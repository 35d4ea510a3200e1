"""Invented organisations, people, pools and demands of the demo site. Every name marked （演示） is fictitious."""

from decimal import Decimal

from ..models import Organisation

K = Organisation.Kind
DEMO_PASSWORD = "ipmarket-demo"

CENTRE = {"name_zh": "知识产权运营交易中心", "name_en": "IP Operation and Trading Centre", "kind": K.OPERATION_CENTRE,
          "province": "江苏省", "city": "苏州市",
          "description_zh": "演示站点的运营方：审核挂牌、组织专利池、撮合技术供需。"}
# Operating agencies: one runs the pools of university patents, one lists the English records (US patents).
AGENCY_POOLS = {"name_zh": "示例市知识产权运营有限公司（演示）", "name_en": "Demo City IP Operations Co. (demo)",
                "kind": K.OPERATING_AGENCY, "province": "江苏省", "city": "苏州市",
                "description_zh": "演示机构：组织高校与研究院所的专利池，统一许可虚拟现实、机器视觉与医疗康复技术。"}
AGENCY_INTERNATIONAL = {"name_zh": "环球专利技术运营有限公司（演示）", "name_en": "Global Patent Operations Ltd. (demo)",
                        "kind": K.OPERATING_AGENCY, "province": "广东省", "city": "深圳市",
                        "description_zh": "演示机构：引进境外专利技术，面向国内企业许可。"}
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

# SMEs and their open demands, on the topics of the university patents in the slice:
# (title, description, sector, IPC hints, budget from, budget up to).
SMES = [
    ({"name_zh": "苏州睿视智能科技有限公司（演示）", "name_en": "Suzhou Ruishi Intelligent Technology Co. (demo)",
      "kind": K.ENTERPRISE, "province": "江苏省", "city": "苏州市"}, [
        ("寻求头戴显示光学与虚拟现实交互技术",
         "我公司开发面向工业培训的虚拟现实头戴设备，希望引进近眼显示光学、手势交互和位姿追踪方面的专利技术，"
         "可接受独占许可或专利转让，并希望专利权人提供样机阶段的技术指导。",
         "information_technology", ["G02B", "G06F"], Decimal("500000"), Decimal("2000000")),
        ("寻找增强现实场景识别与三维重建技术",
         "需要增强现实眼镜的场景识别、三维重建与虚实融合显示技术，用于设备巡检产品升级。",
         "information_technology", ["G06T", "G06F"], Decimal("200000"), Decimal("800000")),
    ]),
    ({"name_zh": "深圳智视科技有限公司（演示）", "name_en": "Shenzhen Smart Vision Technology Co. (demo)",
      "kind": K.ENTERPRISE, "province": "广东省", "city": "深圳市"}, [
        ("图像识别与神经网络算法专利许可",
         "公司研发工业视觉检测设备，需要图像识别、目标检测和神经网络相关的专利许可，用于产品缺陷检测，"
         "中英文专利均可。",
         "information_technology", ["G06K", "G06N", "G06T", "G06V"], Decimal("300000"), Decimal("1500000")),
        ("寻求视频图像处理与显示技术",
         "面向安防摄像头产品，寻找视频图像处理、立体显示方面的专利，优先考虑普通许可。",
         "information_technology", ["H04N", "G06T"], None, Decimal("1000000")),
    ]),
    ({"name_zh": "杭州精驱机器人有限公司（演示）", "name_en": "Hangzhou Precision Drive Robotics Co. (demo)",
      "kind": K.ENTERPRISE, "province": "浙江省", "city": "杭州市"}, [
        ("机器人运动控制与遥操作技术引进",
         "我公司生产协作机器人和巡检机器人，希望获得机械臂运动控制、遥操作和路径规划方面的专利技术。",
         "advanced_manufacturing", ["B25J", "G05B", "G05D"], Decimal("300000"), Decimal("1200000")),
    ]),
    ({"name_zh": "苏州清源教育科技有限公司（演示）", "name_en": "Suzhou Qingyuan Education Technology Co. (demo)",
      "kind": K.ENTERPRISE, "province": "江苏省", "city": "苏州市"}, [
        ("虚拟仿真实验教学技术合作",
         "寻求虚拟仿真实验、沉浸式教学系统的专利技术，可合作开发或受让专利，希望与高校建立长期合作。",
         "information_technology", ["G09B", "G06F"], Decimal("1000000"), Decimal("5000000")),
        ("驾驶与操作培训模拟器技术",
         "需要车辆驾驶、设备操作培训用的模拟器和人机交互技术，用于职业培训中心。",
         "information_technology", ["G09B", "A63F"], Decimal("200000"), Decimal("600000")),
    ]),
    ({"name_zh": "杭州康和医疗器械有限公司（演示）", "name_en": "Hangzhou Kanghe Medical Devices Co. (demo)",
      "kind": K.ENTERPRISE, "province": "浙江省", "city": "杭州市"}, [
        ("康复训练与手术导航技术转让",
         "寻找康复训练设备、手术导航与医学影像方面的专利，计划用于新产品注册，倾向专利转让。",
         "biomedicine", ["A61B", "A61H"], Decimal("500000"), Decimal("3000000")),
    ]),
]

# Pools formed from academic patents of one IPC class: (class, name zh, name en, description zh). The first is
# the pool that the education SME licenses in licences/demo.py.
POOLS = [
    ("G09", "虚拟仿真教学与训练专利池（演示）", "Simulation for teaching and training pool (demo)",
     "由多所高校的虚拟仿真教学、培训模拟器专利组成，统一许可，收益按成员份额分配。"),
    ("G06", "虚拟现实与机器视觉软件专利池（演示）", "Virtual reality and machine vision software pool (demo)",
     "汇集图像处理、三维重建与人机交互方法专利，面向软件与设备企业一揽子许可。"),
    ("G02", "近眼显示光学专利池（演示）", "Near-eye display optics pool (demo)",
     "覆盖头戴显示、光波导与全息显示的专利组合。"),
    ("A61", "医疗康复与手术导航专利池（演示）", "Medical rehabilitation and surgical navigation pool (demo)",
     "高校与研究所的康复设备、手术导航专利，适合中小医疗器械企业引进。"),
]
POOL_MEMBERS = 3
POOL_PATENTS_PER_MEMBER = 4

# Demo users: (username, display name, role shown in the table, organisation name).
USERS = [
    ("demo_operator", "运营中心 王审核", "operator (Wagtail admin)", CENTRE["name_zh"]),
    ("demo_agency", "运营机构 李经理", "IP operating agency staff", AGENCY_POOLS["name_zh"]),
    ("demo_buyer", "企业 张总", "SME buyer", SMES[0][0]["name_zh"]),
    ("demo_service", "服务机构 赵顾问", "service agency staff", SERVICE_AGENCIES[0]["name_zh"]),
    ("demo_voucher", "监管局 陈科长", "voucher officer", VOUCHER_AUTHORITY["name_zh"]),
]
# The university account joins the university with the most listings (known only after the import).
UNIVERSITY_USER = ("demo_university", "高校技术转移办 刘老师", "university staff")


def sme_contact(number: int) -> tuple[str, str]:
    """The demo account (username, display name) that acts for the number-th SME when it has none yet."""
    return f"demo_sme{number}", f"企业 联系人{number}"
