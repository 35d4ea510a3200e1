import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CityPopulation
from .periods import GRAINS, MONTH, WEEK, Period, period_default

# Long enough for five years of months; weeks over more than two years make an unreadable chart.
MAX_DAYS = {MONTH: 5 * 366, WEEK: 2 * 366}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    grain = forms.ChoiceField(label=_("Trend by"), choices=GRAINS)

    @classmethod
    def for_request(cls, data) -> "PeriodForm":
        """Bound to the query string when it names a period, else to the default (the last twelve months)."""
        if any(name in data for name in ("start", "end", "grain")):
            return cls(data)
        default = period_default()
        return cls({"start": default.start, "end": default.end, "grain": default.grain})

    def clean(self):
        data = super().clean()
        start, end, grain = data.get("start"), data.get("end"), data.get("grain")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The period must start before it ends."))
            if (end - start).days > MAX_DAYS.get(grain, MAX_DAYS[MONTH]):
                raise forms.ValidationError(
                    _("Choose at most two years week by week, or five years month by month."))
        return data

    @property
    def period(self) -> Period:
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"],
                      grain=self.cleaned_data["grain"])


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    @classmethod
    def for_request(cls, data) -> "YearForm":
        return cls(data if "year" in data else {"year": timezone.localdate().year})


class CityPopulationForm(forms.ModelForm):
    class Meta:
        model = CityPopulation
        fields = ["province", "city", "year", "population", "source"]
        help_texts = {"population": _("Permanent residents (常住人口), as the statistics bureau publishes them."),
                      "source": _("Where the figure comes from, e.g. the 2020 census bulletin.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].required = False
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = datetime.date.today().year - 1

    def validate_unique(self):
        """The service adds or changes the figure of a city and year; an existing one is not an error."""
