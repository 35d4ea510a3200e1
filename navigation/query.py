"""What a navigation report covers: a field given by IPC codes, keywords, a region and applicants, over filing
years. It lives in the report's URL (shareable as it is) and in saved reports, always in one canonical form."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import Patent
from marketplace.regions import PROVINCES, canonical_region

# A section (G), class (G08), subclass (G08G), main group (G08G1) or group (G08G1/16): compact, as stored.
IPC_CODE = re.compile(r"[A-H](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?")
LIST_SEPARATORS = re.compile(r"[\s,，;；、]+")
NAME_SEPARATORS = re.compile(r"[\n;；,，、]+")
MAX_TERMS = 20
LATIN_LETTER = re.compile("[A-Za-z]")
EARLIEST_YEAR, LATEST_YEAR = 1985, 2100  # CNIPA's first filings; anything later is a typing slip


@dataclass(frozen=True)
class ReportQuery:
    ipc: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    region: str = ""
    applicants: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.ipc or self.keywords or self.region or self.applicants)

    def querystring(self) -> str:
        """The canonical query string: the same field always gives the same URL (and saved-report key)."""
        pairs = [("ipc", " ".join(self.ipc)), ("q", " ".join(self.keywords)), ("region", self.region),
                 ("applicants", "; ".join(self.applicants)),
                 ("from", self.year_from or ""), ("to", self.year_to or "")]
        return urlencode([(key, value) for key, value in pairs if value])

    def describe(self) -> str:
        """A short title: the codes, keywords, region and applicants, as given."""
        parts = [*self.ipc, *self.keywords, self.region, *self.applicants[:3]]
        years = ""
        if self.year_from or self.year_to:
            years = f" {self.year_from or ''}–{self.year_to or ''}"
        return (" · ".join(part for part in parts if part) or str(_("All patents"))) + years

    @property
    def needs_scan(self) -> bool:
        """Whether the field's filter reads more than the facts' indexed columns."""
        return bool(self.keywords or self.applicants)

    def facts(self):
        """The PatentFacts of the field's patents (a queryset: the filter runs in the database). IPC codes,
        region and years filter the narrow, indexed facts; keywords scan the patents' titles and abstracts, and
        applicants the applicant rows, each as a semi-join."""
        from .models import (  # models.py imports nothing from here; this keeps it so
            PatentApplicant,
            PatentFacts,
        )

        condition = Q()
        if self.ipc:
            codes = Q()
            for code in self.ipc:
                if len(code) == 1:
                    codes |= Q(ipc_section=code)
                elif len(code) == 3:
                    codes |= Q(ipc_class=code)
                elif len(code) == 4:
                    codes |= Q(ipc_class=code[:3], ipc_subclass=code)
                else:  # the indexed class narrows the rows first; the main code's prefix then decides
                    codes |= Q(ipc_class=code[:3], ipc_main__startswith=code)
            condition &= codes
        if self.region:
            condition &= Q(province=self.region)
        if self.year_from:
            condition &= Q(filing_year__gte=self.year_from)
        if self.year_to:
            condition &= Q(filing_year__lte=self.year_to)
        facts = PatentFacts.objects.filter(condition)
        if self.keywords:
            words = Q()
            for word in self.keywords:
                words |= _text_contains(word)
            facts = facts.filter(patent_id__in=Patent.objects.filter(words).values("pk"))
        if self.applicants:
            names = Q()
            for name in self.applicants:
                names |= Q(name__icontains=name)
            facts = facts.filter(patent_id__in=PatentApplicant.objects.filter(names).values("patent_id"))
        return facts


def _text_contains(word: str) -> Q:
    """The word in a title or abstract. Chinese has no case and no Chinese word is in an English text, so a
    word without Latin letters is looked up case-sensitively in the Chinese texts only: LIKE without UPPER() on
    half the columns, several times faster on a large table."""
    if not LATIN_LETTER.search(word):
        return Q(title_zh__contains=word) | Q(abstract_zh__contains=word)
    return (Q(title_zh__icontains=word) | Q(title_en__icontains=word) | Q(abstract_zh__icontains=word)
            | Q(abstract_en__icontains=word))


class ReportForm(forms.Form):
    """The field chooser; bound to request.GET, so a report's URL is its form, filled in."""

    ipc = forms.CharField(label=_("IPC codes"), required=False, max_length=300,
                          help_text=_("Sections, classes, subclasses or groups, separated by spaces: "
                                      "G08G B60W"))
    q = forms.CharField(label=_("Keywords"), required=False, max_length=300,
                        help_text=_("Any of these words in the title or abstract, separated by spaces: "
                                    "自动驾驶 无人驾驶"))
    region = forms.CharField(label=_("Region"), required=False, max_length=50,
                             help_text=_("The first applicant's province: 广东省, 北京, Jiangsu"))
    applicants = forms.CharField(label=_("Applicants"), required=False, max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Names or parts of names, one per line or separated by semicolons"))
    year_from = forms.IntegerField(label=_("Filed from (year)"), required=False, min_value=EARLIEST_YEAR,
                                   max_value=LATEST_YEAR)
    year_to = forms.IntegerField(label=_("Filed until (year)"), required=False, min_value=EARLIEST_YEAR,
                                 max_value=LATEST_YEAR)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:  # the URL's short names for the years
            data = data.copy()
            for short, name in (("from", "year_from"), ("to", "year_to")):
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, *args, **kwargs)

    def clean_ipc(self) -> tuple[str, ...]:
        codes = [code.upper() for code in LIST_SEPARATORS.split(self.cleaned_data["ipc"]) if code]
        wrong = [code for code in codes if not IPC_CODE.fullmatch(code)]
        if wrong:
            raise forms.ValidationError(
                _("Not an IPC code: %(codes)s. Write them like G08G, B60W or G06F16/583."),
                params={"codes": ", ".join(wrong)})
        return self._limited(codes)

    def clean_q(self) -> tuple[str, ...]:
        return self._limited([word for word in LIST_SEPARATORS.split(self.cleaned_data["q"]) if word])

    def clean_region(self) -> str:
        """A province in the full form the facts store; a city or an unknown name is explained, not ignored."""
        from .applicants import CITY_PROVINCES

        typed = self.cleaned_data["region"].strip()
        region = canonical_region(typed)
        if not typed or region in PROVINCES:
            return region
        if region in CITY_PROVINCES:
            raise forms.ValidationError(_("%(city)s is a city; reports group by province: choose %(province)s."),
                                        params={"city": region, "province": CITY_PROVINCES[region]})
        raise forms.ValidationError(_("Not a province of China: %(name)s."), params={"name": typed})

    def clean_applicants(self) -> tuple[str, ...]:
        return self._limited([name.strip() for name in NAME_SEPARATORS.split(self.cleaned_data["applicants"])
                              if name.strip()])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year comes before the first."))
        return cleaned

    def _limited(self, items: list[str]) -> tuple[str, ...]:
        unique = tuple(dict.fromkeys(items))
        if len(unique) > MAX_TERMS:
            raise forms.ValidationError(_("At most %(count)d entries."), params={"count": MAX_TERMS})
        return unique

    def report_query(self) -> ReportQuery:
        """Call after is_valid()."""
        data = self.cleaned_data
        return ReportQuery(ipc=data["ipc"], keywords=data["q"], region=data["region"], applicants=data["applicants"],
                           year_from=data["year_from"], year_to=data["year_to"])
