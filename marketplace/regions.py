"""Chinese place names in the active language: provinces are stored in Chinese (as the patent office writes
them), so the English UI translates China's 34 provincial-level divisions, the provincial capitals and the
other cities where the demo's organisations and many applicants are; other cities stay as written."""

from .bilingual import is_english

PROVINCES = {
    "北京市": "Beijing", "天津市": "Tianjin", "上海市": "Shanghai", "重庆市": "Chongqing",
    "河北省": "Hebei", "山西省": "Shanxi", "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang",
    "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi",
    "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong",
    "海南省": "Hainan", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "陕西省": "Shaanxi",
    "甘肃省": "Gansu", "青海省": "Qinghai", "台湾省": "Taiwan",
    "内蒙古自治区": "Inner Mongolia", "广西壮族自治区": "Guangxi", "西藏自治区": "Tibet",
    "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
    "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}
CAPITALS = {
    "石家庄市": "Shijiazhuang", "太原市": "Taiyuan", "沈阳市": "Shenyang", "长春市": "Changchun",
    "哈尔滨市": "Harbin", "南京市": "Nanjing", "杭州市": "Hangzhou", "合肥市": "Hefei", "福州市": "Fuzhou",
    "南昌市": "Nanchang", "济南市": "Jinan", "郑州市": "Zhengzhou", "武汉市": "Wuhan", "长沙市": "Changsha",
    "广州市": "Guangzhou", "海口市": "Haikou", "成都市": "Chengdu", "贵阳市": "Guiyang", "昆明市": "Kunming",
    "西安市": "Xi'an", "兰州市": "Lanzhou", "西宁市": "Xining", "台北市": "Taipei", "呼和浩特市": "Hohhot",
    "南宁市": "Nanning", "拉萨市": "Lhasa", "银川市": "Yinchuan", "乌鲁木齐市": "Urumqi",
}
CITIES = {
    "苏州市": "Suzhou", "无锡市": "Wuxi", "常州市": "Changzhou", "镇江市": "Zhenjiang", "徐州市": "Xuzhou",
    "南通市": "Nantong", "扬州市": "Yangzhou", "宿迁市": "Suqian", "宁波市": "Ningbo", "温州市": "Wenzhou",
    "绍兴市": "Shaoxing", "金华市": "Jinhua", "嘉兴市": "Jiaxing", "湖州市": "Huzhou", "深圳市": "Shenzhen",
    "东莞市": "Dongguan", "佛山市": "Foshan", "珠海市": "Zhuhai", "中山市": "Zhongshan", "惠州市": "Huizhou",
    "汕头市": "Shantou", "厦门市": "Xiamen", "泉州市": "Quanzhou", "青岛市": "Qingdao", "烟台市": "Yantai",
    "潍坊市": "Weifang", "淄博市": "Zibo", "大连市": "Dalian", "鞍山市": "Anshan", "秦皇岛市": "Qinhuangdao",
    "保定市": "Baoding", "唐山市": "Tangshan", "洛阳市": "Luoyang", "焦作市": "Jiaozuo", "驻马店市": "Zhumadian",
    "芜湖市": "Wuhu", "黄山市": "Huangshan", "新余市": "Xinyu", "赣州市": "Ganzhou", "宜昌市": "Yichang",
    "襄阳市": "Xiangyang", "株洲市": "Zhuzhou", "湘潭市": "Xiangtan", "绵阳市": "Mianyang", "桂林市": "Guilin",
    "柳州市": "Liuzhou", "铜仁市": "Tongren", "包头市": "Baotou",
}
# Records also write names without the administrative suffix ("广东", "北京", "广西").
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def short_form(name: str) -> str:
    """The name without its administrative suffix: 广东省 → 广东, 北京市 → 北京."""
    return next((name[: -len(suffix)] for suffix in SUFFIXES if name.endswith(suffix)), name)


def _with_short_forms(names: dict[str, str]) -> dict[str, str]:
    table = dict(names)
    for name, english in names.items():
        table.setdefault(short_form(name), english)
    return table


ENGLISH_NAMES = _with_short_forms({**PROVINCES, **CAPITALS, **CITIES})
# Every known way of writing a place (full, short, English in any case) → its full Chinese name; a province wins
# over a city written the same way (吉林).
FULL_NAMES = {
    alias: name
    for name, english in {**CITIES, **CAPITALS, **PROVINCES}.items()
    for alias in (name, english.casefold(), short_form(name))
}


def canonical_region(name: str) -> str:
    """"北京", "beijing" and "北京市" all as "北京市"; a name not in the tables as written (trimmed)."""
    name = (name or "").strip()
    return FULL_NAMES.get(name) or FULL_NAMES.get(name.casefold(), name)


def region_name(name: str) -> str:
    """A province or city in the active language; a name without a translation as written."""
    name = (name or "").strip()
    if is_english():
        return ENGLISH_NAMES.get(name, name)
    return name


def place_name(province: str, city: str) -> str:
    """"广东省 广州市" / "Guangzhou, Guangdong"; a municipality once ("北京市" / "Beijing")."""
    province, city = (province or "").strip(), (city or "").strip()
    if not city or city == province:
        return region_name(province)
    if not province:
        return region_name(city)
    if is_english():
        return f"{region_name(city)}, {region_name(province)}"
    return f"{province} {city}"
