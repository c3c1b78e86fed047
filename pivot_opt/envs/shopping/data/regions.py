"""Delivery days between Chinese provinces, as the official transport tool computes them (spec §5.9).

Why a module of its own: the tool answers with it, and the generator (next) must compute the
same days to make a query's "arrives within N days" true of the intended product only. The
province normalisation keeps the official quirks: aliases are matched as substrings in table
order, so short aliases (``sh``, ``e``, ``su``) catch free text, and ``inner mongolia`` (with its
space) never matches after spaces are removed: pass ``neimenggu``.
"""

from __future__ import annotations

__all__ = [
    "BASE_DAYS",
    "PROVIDER_MODIFIERS",
    "PROVINCE_ALIASES",
    "REGIONS",
    "REMOTE_PROVINCES",
    "delivery_days",
    "normalize_province",
]

#: Province → aliases, in the official scan order.
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "beijing": ("beijing", "bj", "北京"),
    "shanghai": ("shanghai", "sh", "上海"),
    "tianjin": ("tianjin", "tj", "天津"),
    "chongqing": ("chongqing", "cq", "重庆"),
    "hebei": ("hebei", "ji", "河北"),
    "shanxi": ("shanxi", "jin", "山西"),
    "liaoning": ("liaoning", "liao", "辽宁"),
    "jilin": ("jilin", "ji_ln", "吉林"),
    "heilongjiang": ("heilongjiang", "hei", "黑龙江"),
    "jiangsu": ("jiangsu", "su", "江苏"),
    "zhejiang": ("zhejiang", "zhe", "浙江"),
    "anhui": ("anhui", "wan", "安徽"),
    "fujian": ("fujian", "min", "福建"),
    "jiangxi": ("jiangxi", "gan", "江西"),
    "shandong": ("shandong", "lu", "山东"),
    "henan": ("henan", "yu", "河南"),
    "hubei": ("hubei", "e", "湖北"),
    "hunan": ("hunan", "xiang", "湖南"),
    "guangdong": ("guangdong", "yue", "gd", "广东"),
    "hainan": ("hainan", "qiong", "海南"),
    "sichuan": ("sichuan", "chuan", "shu", "四川"),
    "guizhou": ("guizhou", "qian", "gui_gz", "贵州"),
    "yunnan": ("yunnan", "yun", "dian", "云南"),
    "shaanxi": ("shaanxi", "shan", "qin", "陕西"),
    "gansu": ("gansu", "gan_gs", "甘肃"),
    "qinghai": ("qinghai", "qing", "青海"),
    "inner mongolia": ("inner mongolia", "neimenggu", "meng", "内蒙古"),
    "guangxi": ("guangxi", "gui", "广西"),
    "tibet": ("tibet", "xizang", "zang", "西藏"),
    "ningxia": ("ningxia", "ning", "宁夏"),
    "xinjiang": ("xinjiang", "xin", "新疆"),
    "hongkong": ("hongkong", "hk", "xianggang", "香港"),
    "macau": ("macau", "mo", "aomen", "澳门"),
    "taiwan": ("taiwan", "tw", "台湾"),
}

#: Alias → province. A later province's alias equal to an earlier one would win, as in a dict.
_BY_ALIAS: dict[str, str] = {alias: name for name, aliases in PROVINCE_ALIASES.items() for alias in aliases}

_REGION_OF = {
    "NC": ("beijing", "tianjin", "hebei", "shanxi", "inner mongolia"),
    "NE": ("liaoning", "jilin", "heilongjiang"),
    "EC": ("shanghai", "jiangsu", "zhejiang", "anhui", "fujian", "jiangxi", "shandong"),
    "CC": ("henan", "hubei", "hunan"),
    "SC": ("guangdong", "guangxi", "hainan", "hongkong", "macau", "taiwan"),
    "SW": ("sichuan", "chongqing", "guizhou", "yunnan", "tibet"),
    "NW": ("shaanxi", "gansu", "qinghai", "ningxia", "xinjiang"),
}
#: Province → region code.
REGIONS: dict[str, str] = {p: region for region, provinces in _REGION_OF.items() for p in provinces}

_ORDER = ("NC", "NE", "EC", "CC", "SC", "SW", "NW")
_MATRIX = (
    (1, 2, 2, 2, 3, 3, 3),
    (2, 1, 3, 3, 4, 4, 4),
    (2, 3, 1, 2, 2, 3, 4),
    (2, 3, 2, 1, 2, 2, 3),
    (3, 4, 2, 2, 1, 3, 4),
    (3, 4, 3, 2, 3, 1, 3),
    (3, 4, 4, 3, 4, 3, 1),
)
#: Base days from region to region (symmetric).
BASE_DAYS: dict[str, dict[str, int]] = {
    a: {b: _MATRIX[i][j] for j, b in enumerate(_ORDER)} for i, a in enumerate(_ORDER)
}
REMOTE_PROVINCES = ("tibet", "xinjiang", "qinghai", "inner mongolia")

#: Modifier per lower-cased provider (spaced forms; ``sf_express`` is not a key and counts 0).
PROVIDER_MODIFIERS: dict[str, int] = {
    "sf express": -2, "sf": -2,
    "jd logistics": -1, "jd": -1,
    "yto express": 1, "yto": 0,
    "zto express": 1, "zto": 0,
    "sto express": 1, "sto": 0,
    "yunda express": 1, "yunda": 0,
    "cainiao": 1,
    "china post": 2,
    "ems": 0,
    "deppon express": 0, "deppon": 0,
    "default": 0,
}


def normalize_province(address: str | None) -> str | None:
    """The province an address names, by the official rule (exact alias, else first substring)."""
    if not address:
        return None
    text = address.lower().replace(" ", "").replace("province", "").replace("city", "")
    if text in _BY_ALIAS:
        return _BY_ALIAS[text]
    for alias, name in _BY_ALIAS.items():
        if alias in text:
            return name
    return None


def delivery_days(origin_province: str, destination_province: str, provider: str) -> int:
    """Days for normalised provinces and a lower-cased provider: base + remote 2 + modifier, at least 1."""
    days = BASE_DAYS[REGIONS[origin_province]][REGIONS[destination_province]]
    if origin_province in REMOTE_PROVINCES or destination_province in REMOTE_PROVINCES:
        days += 2
    return max(1, days + PROVIDER_MODIFIERS.get(provider, 0))
