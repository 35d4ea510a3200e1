"""Two saves of the same report by the same person at once (two tabs, a double click): one saved report."""

from django.contrib.auth import get_user_model

from navigation.models import SavedReport
from navigation.services import saved_report_create
from tests.concurrency import race, racing
from tests.factories import UserFactory


@racing
def test_racing_saves_of_one_report_keep_one():
    user = UserFactory()

    def save():
        return saved_report_create(user=get_user_model().objects.get(pk=user.pk), title="自动驾驶",
                                   parameters="ipc=G08G+B60W")

    outcomes = race(save, save, save)
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    reports = {outcome.value[0].pk for outcome in outcomes}
    assert len(reports) == 1 and SavedReport.objects.count() == 1
    assert sum(outcome.value[1] for outcome in outcomes) == 1  # one of them created it


@racing
def test_racing_saves_of_different_reports_keep_both():
    first, second = UserFactory(), UserFactory()
    outcomes = race(lambda: saved_report_create(user=first, title="a", parameters="ipc=G08G"),
                    lambda: saved_report_create(user=second, title="b", parameters="ipc=G08G"))
    assert all(outcome.ok for outcome in outcomes)
    assert SavedReport.objects.count() == 2 and len({outcome.value[0].code for outcome in outcomes}) == 2
