"""The sector of real IPC main codes taken from the shared data's CN records (cn_recent.jsonl)."""

import pytest

from marketplace.models.listings import Sector
from marketplace.sectors import IPC_SECTORS, sector_for_ipc

S = Sector
REAL_CODES = [
    ("H01M10/633", S.NEW_ENERGY, "CN115513571A 电池温度的控制方法和终端设备"),
    ("H01M4/58", S.NEW_ENERGY, "lithium battery cathodes"),
    ("H02J13/00", S.NEW_ENERGY, "CN115833383A 高压输电设施状态监测终端"),
    ("H01L21/67", S.INFORMATION_TECHNOLOGY, "CN115810568A 一种晶圆冷扩热缩装置"),
    ("H01R13/64", S.INFORMATION_TECHNOLOGY, "CN218732176U 一种自对位磁吸式车用ABS插头"),
    ("A63F13/219", S.INFORMATION_TECHNOLOGY, "CN114377377A 虚拟现实的射击操控平台"),
    ("A63B22/06", S.OTHER, "CN115779340A 一种智能交互式自发电健身车"),
    ("G06T17/00", S.INFORMATION_TECHNOLOGY, "CN116152447A 一种人脸建模方法"),
    ("G10L25/27", S.INFORMATION_TECHNOLOGY, "CN115938389A 用于车内媒体源的音量补偿方法"),
    ("G02B27/01", S.INFORMATION_TECHNOLOGY, "CN115933195A 一种抬头显示装置和车辆"),
    ("B60W60/00", S.AUTOMOTIVE, "CN115871720A 车辆的控制方法"),
    ("B25J9/00", S.ADVANCED_MANUFACTURING, "CN115922677A 一种具有六自由度重载混联调姿机构的自行式…"),
    ("G05D1/02", S.ADVANCED_MANUFACTURING, "CN116009561A 机器人及其寻桩方法"),
    ("B01D53/06", S.ENERGY_SAVING, "CN217431308U 自净化的转轮式过滤装置"),
    ("F24F11/84", S.ENERGY_SAVING, "CN218722151U 水阀控制装置及空调机组"),
    ("F21S8/08", S.ENERGY_SAVING, "CN217540574U 散热器、LED灯模组和路灯"),
    ("H05B45/30", S.ENERGY_SAVING, "CN218514550U LED drive of a surveying sight"),
    ("A61B5/372", S.BIOMEDICINE, "CN115721323A 一种脑机接口信号识别方法"),
    ("C12N15/113", S.BIOMEDICINE, "CN114606237A GM-CSF抑制剂及其用途"),
    ("C08L77/06", S.NEW_MATERIALS, "CN114806165A 一种食品包装用吸氧母粒"),
    ("C22B58/00", S.NEW_MATERIALS, "CN112680604B 镓的制造方法"),
    ("A01D34/835", S.AGRICULTURE, "CN115735536A 具有自适应调整功能的仿生平茬装置"),
    ("B01J21/06", S.CHEMICALS, "catalysts"),
    ("E04H6/18", S.OTHER, "CN115522786A 一种基于外部驱动的潜伏式汽车搬运器"),
]


@pytest.mark.parametrize(("code", "sector", "record"), REAL_CODES)
def test_real_codes_land_in_their_industry(code, sector, record):
    assert sector_for_ipc(code) == sector, record


def test_a_battery_never_counts_as_information_technology():
    """The demo once put 62 of 88 battery patents (H01M) under IT: the subclass decides, in any spelling."""
    for code in ("H01M", "H01M10/0525", "h01m 8/04", "H01M50/20"):
        assert sector_for_ipc(code) == S.NEW_ENERGY


def test_codes_without_a_sector():
    assert sector_for_ipc("") == sector_for_ipc("not ipc") == sector_for_ipc("Z99") == S.OTHER
    assert sector_for_ipc("H04") == S.INFORMATION_TECHNOLOGY  # a class alone gets the class's sector


def test_every_rule_names_a_sector_and_every_sector_is_reached():
    assert {sector_for_ipc(key) for key in IPC_SECTORS} == set(IPC_SECTORS.values()) == set(S.values)
