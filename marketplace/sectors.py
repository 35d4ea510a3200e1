"""Which marketplace sector an IPC code belongs to: the one mapping used by importers, demo data and forms.

The most specific entry wins: subclass (H01M), then class (H01), then section (H). Classes that mix
industries (H01: batteries and semiconductors) are split at subclass level where records carry one.
"""

from .models.listings import Sector
from .patent_rules import ipc_parts

IT, MFG, MAT, BIO = Sector.INFORMATION_TECHNOLOGY, Sector.ADVANCED_MANUFACTURING, Sector.NEW_MATERIALS, Sector.BIOMEDICINE
ENERGY, GREEN, AUTO, AGRI, CHEM, OTHER = (Sector.NEW_ENERGY, Sector.ENERGY_SAVING, Sector.AUTOMOTIVE,
                                          Sector.AGRICULTURE, Sector.CHEMICALS, Sector.OTHER)

IPC_SECTORS: dict[str, str] = {
    # subclasses
    "H01M": ENERGY, "H02J": ENERGY, "H02S": ENERGY, "F24S": ENERGY, "F03D": ENERGY, "C25B": ENERGY,
    "B01J": CHEM, "B60L": AUTO, "F01N": AUTO, "C07K": BIO, "A61K": BIO, "G16H": IT,
    # classes
    "A01": AGRI, "A21": AGRI, "A22": AGRI, "A23": AGRI, "A24": AGRI, "A61": BIO, "A62": OTHER,
    "B01": CHEM, "B02": MFG, "B03": MFG, "B04": MFG, "B05": MFG, "B06": MFG, "B07": MFG, "B08": MFG,
    "B09": GREEN, "B21": MFG, "B22": MFG, "B23": MFG, "B24": MFG, "B25": MFG, "B26": MFG, "B27": MFG,
    "B28": MFG, "B29": MFG, "B30": MFG, "B31": MFG, "B32": MAT, "B41": OTHER, "B60": AUTO, "B61": AUTO,
    "B62": AUTO, "B63": AUTO, "B64": AUTO, "B65": MFG, "B66": MFG, "B81": MFG, "B82": MAT,
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


def sector_for_ipc(code: str) -> str:
    """'H01M4/58' → new_energy; 'H04' → information_technology; '' or unparseable → other."""
    section, klass = ipc_parts(code or "")
    if not section:
        return OTHER
    subclass = code.replace(" ", "").upper()[:4]
    for key in (subclass, klass, section):
        if key in IPC_SECTORS:
            return IPC_SECTORS[key]
    return OTHER
