from ..models import IpcClass, Patent
from ..patent_rules import ipc_parts


def ipc_sections() -> list[IpcClass]:
    return [ipc for ipc in IpcClass.objects.all() if ipc.is_section]


def ipc_titles_for(*, patent: Patent) -> dict[str, IpcClass]:
    """The IPC sections and classes a patent's codes fall in, keyed by code."""
    wanted = set()
    for code in [patent.ipc_main, *patent.ipc_codes]:
        wanted.update(part for part in ipc_parts(code or "") if part)
    return {ipc.code: ipc for ipc in IpcClass.objects.filter(code__in=wanted)}


def patent_get_by_number(*, publication_number: str) -> Patent:
    return Patent.objects.get(publication_number=publication_number.strip().upper().replace(" ", ""))
