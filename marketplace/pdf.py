"""PDF documents (agreements, royalty statements) with Chinese and English text, on any machine.

ReportLab (pure-Python wheels, no system libraries) lays them out. Its built-in Adobe-GB1 CID font
STSong-Light needs no font file: the PDF names the font and stores the text as Unicode, every PDF reader
supplies a Song typeface for it, and the text extracts exactly as written. A deployment that wants the glyphs
embedded (archival copies, PDF/A) sets PDF_CJK_FONT_FILE to a TrueType font with Chinese glyphs, e.g. Debian's
fonts-wqy-zenhei (the Docker image does); ReportLab then embeds the subset a document uses.
"""

import io
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.utils.html import escape
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BUILT_IN_CJK_FONT = "STSong-Light"
EMBEDDED_CJK_FONT = "IPMarketCJK"


@cache
def cjk_font_name() -> str:
    """The registered name of the font every document uses (registered once per process)."""
    path = getattr(settings, "PDF_CJK_FONT_FILE", "")
    if path:
        pdfmetrics.registerFont(TTFont(EMBEDDED_CJK_FONT, path, subfontIndex=0))
        return EMBEDDED_CJK_FONT
    pdfmetrics.registerFont(UnicodeCIDFont(BUILT_IN_CJK_FONT))
    return BUILT_IN_CJK_FONT


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = cjk_font_name()
    # wordWrap="CJK" breaks lines between any two Chinese characters, as Chinese typesetting does.
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, textColor=colors.grey),
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=10, alignment=1),
        "heading": ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=13, spaceAfter=0),
    }


def paragraph(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: ReportLab's mini-markup characters are escaped, newlines kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


def table(rows: Iterable[Iterable[str]], *, col_widths=None, header: bool = True) -> Table:
    cells = [[paragraph(str(value), "cell") for value in row] for row in rows]
    result = Table(cells, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")))
    result.setStyle(TableStyle(commands))
    return result


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def pdf_render(flowables: list[Flowable], *, title: str, author: str = "", subject: str = "") -> bytes:
    """The PDF bytes of `flowables` on A4. Deterministic for the same input (no creation timestamp, fixed
    document id), so the SHA-256 of a re-rendered agreement tells whether anything in it changed."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=author, subject=subject,
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        invariant=True,
    )
    document.build(flowables)
    return buffer.getvalue()
