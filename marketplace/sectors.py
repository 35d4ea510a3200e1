"""Which marketplace sector an IPC code belongs to: the one mapping used by importers, demo data and forms.

The most specific entry wins: main group (A63F13), then subclass (H01M), then class (H01), then section (H).
Classes and subclasses that mix industries are split below them: H01 holds semiconductors (H01L) and batteries
(H01M), A63F board games and video games (A63F13), H05B electric heating and LED lighting (H05B45). A record
that carries only a class (H01) gets the class's sector, so precise records need a subclass.
"""

import re

from .models.listings import Sector
from .patent_rules import ipc_parts

IT, MFG, MAT, BIO = Sector.INFORMATION_TECHNOLOGY, Sector.ADVANCED_MANUFACTURING, Sector.NEW_MATERIALS, Sector.BIOMEDICINE
ENERGY, GREEN, AUTO, AGRI, CHEM, OTHER = (Sector.NEW_ENERGY, Sector.ENERGY_SAVING, Sector.AUTOMOTIVE,
                                          Sector.AGRICULTURE, Sector.CHEMICALS, Sector.OTHER)

IPC_SECTORS: dict[str, str] = {
    # main groups
    "H01G11": ENERGY,  # supercapacitors
    "A63F13": IT,  # video games
    "B01D53": GREEN,  # cleaning waste gases
    "H05B45": GREEN, "H05B47": GREEN,  # LED and lighting control
    # subclasses
    "H01M": ENERGY, "H02J": ENERGY, "H02S": ENERGY, "F24S": ENERGY, "F03D": ENERGY, "C25B": ENERGY,
    "B01J": CHEM, "B60L": AUTO, "F01N": AUTO, "F01D": MFG, "F02C": MFG, "C07K": BIO, "C07H": BIO, "A61K": BIO,
    "A61Q": CHEM, "G16H": IT, "H05B": MFG, "E21B": CHEM, "C12C": AGRI, "C12G": AGRI, "C12H": AGRI,
    # classes
    "A01": AGRI, "A21": AGRI, "A22": AGRI, "A23": AGRI, "A24": AGRI, "A61": BIO, "A62": OTHER,
    "B01": CHEM, "B02": MFG, "B03": MFG, "B04": MFG, "B05": MFG, "B06": MFG, "B07": MFG, "B08": MFG,
    "B09": GREEN, "B21": MFG, "B22": MFG, "B23": MFG, "B24": MFG, "B25": MFG, "B26": MFG, "B27": MFG,
    "B28": MFG, "B29": MFG, "B30": MFG, "B31": MFG, "B32": MAT, "B41": OTHER, "B42": OTHER, "B43": OTHER,
    "B44": OTHER, "B60": AUTO, "B61": AUTO, "B62": AUTO, "B63": AUTO, "B64": AUTO, "B65": MFG, "B66": MFG,
    "B81": MFG, "B82": MAT,
    "C01": CHEM, "C02": GREEN, "C03": MAT, "C04": MAT, "C05": AGRI, "C06": CHEM, "C07": CHEM, "C08": MAT,
    "C09": CHEM, "C10": CHEM, "C11": CHEM, "C12": BIO, "C13": AGRI, "C14": CHEM, "C21": MAT, "C22": MAT,
    "C23": MAT, "C25": CHEM, "C30": MAT, "D01": MAT,
    "F01": AUTO, "F02": AUTO, "F03": ENERGY, "F04": MFG, "F15": MFG, "F16": MFG, "F17": MFG, "F21": GREEN,
    "F22": GREEN, "F23": GREEN, "F24": GREEN, "F25": GREEN, "F26": GREEN, "F27": GREEN, "F28": GREEN,
    "F41": OTHER, "F42": OTHER,
    "G01": MFG, "G02": IT, "G03": IT, "G04": OTHER, "G05": MFG, "G06": IT, "G07": IT, "G08": IT, "G09": IT,
    "G10": IT, "G11": IT, "G16": IT, "G21": ENERGY,
    "H01": IT, "H02": MFG, "H03": IT, "H04": IT, "H05": IT,
    # sections
    "A": OTHER, "B": MFG, "C": CHEM, "D": OTHER, "E": OTHER, "F": MFG, "G": IT, "H": IT,
}
MAIN_GROUP = re.compile(r"[A-H]\d\d[A-Z]\d+")


def sector_for_ipc(code: str) -> str:
    """'H01M4/58' → new_energy; 'A63F13/211', 'H04' → information_technology; '' → other."""
    code = (code or "").replace(" ", "").upper()
    section, klass = ipc_parts(code)
    if not section:
        return OTHER
    main_group = MAIN_GROUP.match(code)
    for key in (main_group.group() if main_group else "", code[:4], klass, section):
        if key in IPC_SECTORS:
            return IPC_SECTORS[key]
    return OTHER
