"""An agreement's document: the same blocks rendered as HTML (the agreement page) and as PDF (what is signed).

`agreement_snapshot` freezes what the document needs besides the terms (the template's text, parties, patents)
when the agreement is generated; `agreement_blocks` turns an agreement into blocks using only that snapshot
and its terms, so rendering the same agreement again gives byte-identical PDF output. The Chinese text comes
first, then the English; the signature page that ends the document is bilingual.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from reportlab.lib.units import mm

from marketplace import pdf
from marketplace.models import Organisation, Patent

from .agreement_templates import Block, Grid, Heading, Paragraph, template_blocks
from .models import Agreement, Deal
from .terms import DealKind, LicenceTerms, ReportingPeriod, RoyaltyBase

LANGUAGES = ("zh-hans", "en")
TEXT_WIDTH = 170 * mm  # A4 less marketplace.pdf's margins
# Organisations registered here are Chinese legal persons (they carry a unified social credit code).
COUNTRY = {"zh-hans": "中国", "en": "China"}


def _party(organisation: Organisation) -> dict:
    return {"name_zh": organisation.name_zh, "name_en": organisation.name_en, "address": organisation.address,
            "credit_code": organisation.unified_credit_code}


def agreement_snapshot(*, deal: Deal, terms: LicenceTerms, template, centre: Organisation | None) -> dict:
    patents = Patent.objects.filter(pk__in=terms.patent_ids).order_by("publication_number")
    return {
        "template": template.snapshot,
        "template_kind": template.kind,
        "licensor": _party(deal.seller),
        "licensee": _party(deal.buyer),
        "centre": {"name_zh": centre.name_zh, "name_en": centre.name_en} if centre else None,
        "patents": [
            {"number": p.publication_number, "application_number": p.application_number,
             "title_zh": p.title_zh, "title_en": p.title_en,
             "expiry": p.expiry_date.isoformat() if p.expiry_date else ""}
            for p in patents
        ],
    }


def _day(value: date | None, language: str) -> str:
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日" if language == "zh-hans" else value.isoformat()


def _amount(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,.2f}"


def _name(party: dict, language: str) -> str:
    return party["name_en"] or party["name_zh"] if language == "en" else party["name_zh"]


def _values(agreement: Agreement, language: str) -> dict[str, str]:
    """Every placeholder's text in `language` (call inside translation.override(language))."""
    snapshot, terms = agreement.snapshot, agreement.terms
    none = _("none")
    period = str(ReportingPeriod(terms.reporting_period).label)
    values = {
        "agreement.number": agreement.number,
        "agreement.date": _day(timezone.localdate(agreement.created_at), language),
        "patents.count": str(len(snapshot["patents"])),
        "patents.numbers": ", ".join(p["number"] for p in snapshot["patents"]),
        "terms.deal_kind": str(DealKind(terms.deal_kind).label),
        "terms.territory": terms.territory or _("not restricted"),
        "terms.field_of_use": terms.field_of_use or _("not restricted"),
        "terms.start_date": _day(terms.start_date, language),
        "terms.end_date": (_day(terms.end_date, language) if terms.end_date
                           else _("none (permanent transfer)")),
        "terms.upfront_fee": _amount(terms.upfront_fee, terms.currency),
        "terms.royalty": (_("%(rate)s %% of %(base)s") % {"rate": f"{terms.royalty_rate.normalize():f}",
                                                           "base": RoyaltyBase(terms.royalty_base).label}
                          if terms.has_running_royalty else none),
        "terms.minimum_annual_royalty": (_amount(terms.minimum_annual_royalty, terms.currency)
                                         if terms.minimum_annual_royalty else none),
        "terms.reporting_period": period.lower() if language == "en" else period,
        "terms.milestones": "; ".join(
            f"{m.label}: {_amount(m.amount, terms.currency)}"
            + (f" ({_('due')} {_day(m.due_date, language)})" if m.due_date else "")
            for m in terms.milestones) or none,
        "commission.percent": f"{agreement.commission_percent.normalize():f}%",
        "centre.name": (_name(snapshot["centre"], language) if snapshot["centre"]
                        else _("the operation centre")),
    }
    for role in ("licensor", "licensee"):
        party = snapshot[role]
        values |= {f"{role}.name": _name(party, language), f"{role}.name_en": party["name_en"] or "—",
                   f"{role}.address": party["address"] or "—",
                   f"{role}.credit_code": party["credit_code"] or "—", f"{role}.country": COUNTRY[language]}
    return values


def _patents_table(agreement: Agreement, language: str) -> Grid:
    title = "title_zh" if language == "zh-hans" else "title_en"
    rows = [(_("No."), _("Patent number"), _("Patent title"), _("Expiry"))]
    rows += [(str(n), p["number"], p[title] or p["title_zh"], _day(date.fromisoformat(p["expiry"]), language)
              if p["expiry"] else "—") for n, p in enumerate(agreement.snapshot["patents"], start=1)]
    return Grid(rows=tuple(rows), widths=(1, 4, 9, 3))


ROLE_LABELS = {  # (zh, en) for the signature page, by template kind
    "assignment": (("转让方", "Assignor"), ("受让方", "Assignee")),
    "licence": (("许可方", "Licensor"), ("被许可方", "Licensee")),
}


def _signature_page(agreement: Agreement) -> list[Block]:
    snapshot = agreement.snapshot
    roles = ROLE_LABELS["assignment" if snapshot["template_kind"] == "assignment" else "licence"]
    percent = f"{agreement.commission_percent.normalize():f}%"
    columns = [
        (f"{zh} / {en}", snapshot[key]["name_zh"], snapshot[key]["name_en"] or "—")
        for (zh, en), key in zip(roles, ("licensor", "licensee"))
    ]
    rows = [(columns[0][0], columns[1][0]), (columns[0][1], columns[1][1]), (columns[0][2], columns[1][2]),
            ("签署人 / Signed by:", "签署人 / Signed by:"), ("日期 / Date:", "日期 / Date:")]
    return [
        Heading("签署页 / Signature page"),
        Paragraph(f"平台服务费：运营中心从本合同项下的每笔付款中收取 {percent} 的平台服务费，其余款项归{roles[0][0]}。\n"
                  f"Platform commission: the operation centre retains {percent} of every payment under this "
                  f"agreement; the {roles[0][1].lower()} receives the balance."),
        Paragraph("本合同由双方在平台上以密码确认的方式电子签署；运营中心保存每一签署记录（签署人、时间、IP 地址及本文件的 SHA-256 摘要）。\n"
                  "The parties sign this agreement electronically on the platform by confirming with their "
                  "passwords; the operation centre keeps each signature's record (signer, time, IP address "
                  "and the SHA-256 digest of this file)."),
        Grid(rows=tuple(rows), widths=(1, 1)),
    ]


def agreement_blocks(agreement: Agreement) -> list[Block]:
    template = agreement.snapshot["template"]
    blocks: list[Block] = []
    for language in LANGUAGES:
        suffix = "zh" if language == "zh-hans" else "en"
        with translation.override(language):
            blocks.append(Heading(template[f"title_{suffix}"], title=True))
            blocks.append(Paragraph(_("Agreement number: %(number)s") % {"number": agreement.number}))
            blocks += template_blocks(template[f"body_{suffix}"], values=_values(agreement, language),
                                      blocks={"patents_table": _patents_table(agreement, language)})
    return blocks + _signature_page(agreement)


def blocks_html(blocks: list[Block]) -> SafeString:
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.title else "h3"
            parts.append(format_html("<{}>{}</{}>", SafeString(tag), block.text, SafeString(tag)))
        elif isinstance(block, Paragraph):
            lines = block.text.split("\n")
            parts.append(format_html("<p>{}</p>", SafeString("<br>".join(format_html("{}", line)
                                                                       for line in lines))))
        else:
            head, *body = block.rows
            parts.append(format_html(
                '<div class="table-wrap"><table class="table"><thead><tr>{}</tr></thead>'
                "<tbody>{}</tbody></table></div>",
                format_html_join("", "<th>{}</th>", ((cell,) for cell in head)),
                SafeString("".join(format_html("<tr>{}</tr>", format_html_join("", "<td>{}</td>",
                                                                              ((cell,) for cell in row)))
                                   for row in body)),
            ))
    return SafeString("\n".join(parts))


def blocks_pdf(blocks: list[Block], *, title: str, compact: bool = False) -> bytes:
    """`compact`: smaller type, for the one-page easy-access licence."""
    body, gap = ("cell", 1.5) if compact else ("body", 0)
    flowables = []
    for block in blocks:
        if isinstance(block, Heading):
            flowables.append(pdf.paragraph(block.text, "title" if block.title and not compact else "heading"))
        elif isinstance(block, Paragraph):
            flowables.append(pdf.paragraph(block.text, body))
            if gap:
                flowables.append(pdf.spacer(gap))
        else:
            total = sum(block.widths)
            widths = [TEXT_WIDTH * width / total for width in block.widths]
            flowables += [pdf.table(block.rows, col_widths=widths), pdf.spacer(gap or 4)]
    return pdf.pdf_render(flowables, title=title, subject=title)


def agreement_render(agreement: Agreement) -> tuple[str, bytes]:
    """The HTML and the PDF bytes of `agreement` (deterministic: the same agreement gives the same bytes)."""
    blocks = agreement_blocks(agreement)
    compact = agreement.snapshot["template_kind"] == "easy_access"
    return str(blocks_html(blocks)), blocks_pdf(blocks, title=f"{blocks[0].text} {agreement.number}",
                                                compact=compact)
