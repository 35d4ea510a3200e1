"""Races on a real database: callables started at the same instant from threads, each on its own connection.

Row locks only mean something on PostgreSQL (SQLite serialises every writer), so race tests are marked
`@racing`: PostgreSQL only, and real transactions, since the threads must see each other's commits (with the
reference data of the migrations restored after each test, which flushes the tables). Every transactional test
of the suite must restore it that way: one that does not lets the flush re-create content types under new ids,
which the next restore then collides with.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, connections

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def racing(test):
    return postgres_only(pytest.mark.django_db(transaction=True, serialized_rollback=True)(test))


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def race(*calls: Callable[[], object], timeout: float = 60) -> list[Outcome]:
    """Run `calls` in threads released together by a barrier; return each one's value or exception, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index].value = call()
        except BaseException as error:  # noqa: BLE001 - the test inspects whatever happened
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call), daemon=True) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError("a raced call did not finish (deadlock?)")
    return outcomes
