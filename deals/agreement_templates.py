"""The small language agreement templates are written in, for operators editing them in the Wagtail admin.

Deliberately not Django's template language: a template edited in the admin must not reach tags, filters,
includes or attributes of model objects. A body is plain text with:

- `# Heading` — a line starting with `# ` is a clause heading;
- a blank line between paragraphs (a single line break stays a line break);
- `{{ name }}` — one of the PLACEHOLDERS below, replaced by text in the body's language;
- `{{ patents_table }}` — a block placeholder (BLOCK_PLACEHOLDERS), alone on its line: a table.

Anything else between `{{` and `}}`, an unclosed `{{`, or `{%`/`{#` is refused when the template is saved.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDER = re.compile(r"{{\s*([A-Za-z0-9_.]+)\s*}}")

# name → what it stands for (shown in the admin's help text).
PLACEHOLDERS = {
    "agreement.number": gettext_lazy("the agreement's number"),
    "agreement.date": gettext_lazy("the date the agreement was generated"),
    **{f"{party}.{field}": label
       for party in ("licensor", "licensee")
       for field, label in (("name", gettext_lazy("name")), ("name_en", gettext_lazy("English name")),
                            ("address", gettext_lazy("address")),
                            ("credit_code", gettext_lazy("unified social credit code")),
                            ("country", gettext_lazy("country")))},
    "patents.count": gettext_lazy("how many patents are covered"),
    "patents.numbers": gettext_lazy("the covered patents' numbers"),
    "terms.deal_kind": gettext_lazy("the deal type"),
    "terms.territory": gettext_lazy("the territory"),
    "terms.field_of_use": gettext_lazy("the field of use"),
    "terms.start_date": gettext_lazy("the start date"),
    "terms.end_date": gettext_lazy("the end date"),
    "terms.upfront_fee": gettext_lazy("the upfront fee with its currency"),
    "terms.royalty": gettext_lazy("the running royalty (rate and base)"),
    "terms.minimum_annual_royalty": gettext_lazy("the minimum annual royalty"),
    "terms.reporting_period": gettext_lazy("the royalty reporting period"),
    "terms.milestones": gettext_lazy("the milestone payments"),
    "commission.percent": gettext_lazy("the platform commission in percent"),
    "centre.name": gettext_lazy("the operation centre's name"),
}
BLOCK_PLACEHOLDERS = {
    "patents_table": gettext_lazy("a table of the covered patents (number, title, expiry)"),
}


@dataclass(frozen=True)
class Heading:
    text: str
    title: bool = False  # the title of a language version rather than a clause


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Grid:
    """A table; the first row is its header. `widths`: relative column widths."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]


Block = Heading | Paragraph | Grid


def placeholder_help() -> str:
    names = [*PLACEHOLDERS, *BLOCK_PLACEHOLDERS]
    return _("Placeholders: %(names)s. A line starting with “# ” is a heading; a blank line separates "
             "paragraphs; {{ patents_table }} stands alone on its line.") % {
        "names": ", ".join("{{ %s }}" % name for name in names)}


def template_errors(text: str) -> list[str]:
    """Everything wrong with a template body, as messages for the operator (empty when it is fine)."""
    errors = []
    if "{%" in text or "{#" in text:
        errors.append(_("Only {{ placeholders }} can be used here; tags such as {% … %} and comments {# … #} "
                        "are not allowed."))
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            name = match.group(1)
            if name in BLOCK_PLACEHOLDERS:
                if line.strip() != match.group(0):
                    errors.append(_("Line %(line)d: {{ %(name)s }} must stand alone on its line.")
                                  % {"line": number, "name": name})
            elif name not in PLACEHOLDERS:
                errors.append(_("Line %(line)d: unknown placeholder {{ %(name)s }}.") % {"line": number,
                                                                                        "name": name})
        rest = PLACEHOLDER.sub("", line)
        if "{{" in rest or "}}" in rest:
            errors.append(_("Line %(line)d: a placeholder is not written as {{ name }} (unclosed or misspelt "
                            "braces).") % {"line": number})
    return errors


def template_blocks(text: str, *, values: dict[str, str], blocks: dict[str, Grid]) -> list[Block]:
    """The blocks of a (valid) template body with its placeholders filled in."""
    result: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append(Paragraph("\n".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        block = PLACEHOLDER.fullmatch(stripped)
        if block and block.group(1) in blocks:
            flush()
            result.append(blocks[block.group(1)])
        elif not stripped:
            flush()
        elif stripped.startswith("# "):
            flush()
            result.append(Heading(_fill(stripped[2:].strip(), values)))
        else:
            paragraph.append(_fill(stripped, values))
    flush()
    return result


def _fill(line: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], line)
