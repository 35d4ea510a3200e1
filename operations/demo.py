"""The demo cities' populations, so that the yearly city report shows patents per 10,000 people.

Permanent residents (常住人口) on 1 November 2020, from the Seventh National Population Census (第七次全国人口
普查) bulletins published by each city's statistics bureau (2021). Entered by the demo operator through the same
service as an operator's form, so each figure has its audit event."""

from marketplace.permissions import operator_users

from .models import CityPopulation
from .services import city_population_save

CENSUS_YEAR = 2020
SOURCE = "第七次全国人口普查公报（2020） Seventh National Population Census bulletin (2020)"
DEMO_POPULATIONS = {
    ("北京市", "北京市"): 21893095, ("上海市", "上海市"): 24870895, ("天津市", "天津市"): 13866009,
    ("重庆市", "重庆市"): 32054159, ("江苏省", "南京市"): 9314685, ("江苏省", "苏州市"): 12748262,
    ("江苏省", "无锡市"): 7462135, ("江苏省", "常州市"): 5278121, ("江苏省", "徐州市"): 9083790,
    ("江苏省", "镇江市"): 3210418, ("江苏省", "宿迁市"): 4986192, ("广东省", "深圳市"): 17560061,
    ("广东省", "广州市"): 18676605, ("浙江省", "杭州市"): 11936010, ("浙江省", "宁波市"): 9404283,
    ("浙江省", "绍兴市"): 5270977, ("浙江省", "金华市"): 7050683, ("陕西省", "西安市"): 12952907,
    ("湖北省", "武汉市"): 12326518, ("湖南省", "长沙市"): 10047914, ("安徽省", "合肥市"): 9369881,
    ("安徽省", "黄山市"): 1330565, ("四川省", "成都市"): 20937757, ("河南省", "郑州市"): 12600574,
    ("河南省", "焦作市"): 3521078, ("河南省", "驻马店市"): 7008427, ("黑龙江省", "哈尔滨市"): 10009854,
    ("山东省", "青岛市"): 10071722, ("山东省", "济南市"): 9202432, ("山东省", "淄博市"): 4704138,
    ("吉林省", "长春市"): 9066906, ("辽宁省", "沈阳市"): 9070093, ("辽宁省", "大连市"): 7450785,
    ("贵州省", "铜仁市"): 3298468, ("江西省", "南昌市"): 6255007, ("江西省", "新余市"): 1202499,
    ("河北省", "保定市"): 11544036, ("河北省", "秦皇岛市"): 3136879, ("福建省", "福州市"): 8291268,
    ("广西壮族自治区", "桂林市"): 4931137,
}


def demo_populations_load() -> int:
    """Enter the census figures not entered yet; returns how many were added."""
    operator = operator_users().order_by("pk").first()
    if operator is None:
        raise LookupError("no operator account: run load_demo_data first")
    existing = set(CityPopulation.objects.filter(year=CENSUS_YEAR).values_list("province", "city"))
    added = 0
    for (province, city), population in DEMO_POPULATIONS.items():
        if (province, city) not in existing:
            city_population_save(province=province, city=city, year=CENSUS_YEAR, population=population,
                                 source=SOURCE, actor=operator)
            added += 1
    return added
