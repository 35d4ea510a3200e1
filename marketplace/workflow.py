"""Workflow state machines as transition tables.

Each workflow names its actions; an action is allowed from a set of states and leads to one state.
`apply_transition` locks the row, checks the table, saves, writes an AuditEvent and leaves side effects to
the caller's `transaction.on_commit` hooks. Deals and vouchers reuse the same machinery.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .bulk import rows_insert
from .models import AuditEvent


class IllegalTransition(Exception):
    """An action was asked of an object in a state that does not allow it."""

    def __init__(self, obj: models.Model, action: str, state: str):
        self.obj, self.action, self.state = obj, action, state
        super().__init__(f"{type(obj).__name__} {obj.pk}: cannot {action!r} from state {state!r}")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


class Workflow:
    def __init__(self, field: str, transitions: dict[str, Transition]):
        self.field = field
        self.transitions = transitions

    def allowed_actions(self, obj: models.Model) -> list[str]:
        state = getattr(obj, self.field)
        return [name for name, t in self.transitions.items() if state in t.sources]

    def can(self, obj: models.Model, action: str) -> bool:
        return action in self.allowed_actions(obj)

    def apply(
        self,
        obj: models.Model,
        action: str,
        *,
        actor=None,
        reason: str = "",
        data: dict | None = None,
        timestamps: Iterable[str] = (),
    ) -> models.Model:
        """Move `obj` along `action`; returns the locked, updated instance."""
        transition = self.transitions.get(action)
        if transition is None:
            raise IllegalTransition(obj, action, getattr(obj, self.field))
        if transition.needs_reason and not reason.strip():
            raise ValueError(f"{action!r} needs a reason")
        with transaction.atomic():
            locked = lock_row(obj)
            state = getattr(locked, self.field)
            if state not in transition.sources:
                raise IllegalTransition(locked, action, state)
            setattr(locked, self.field, transition.target)
            now = timezone.now()
            for name in timestamps:
                setattr(locked, name, now)
            locked.save(update_fields=[self.field, *timestamps, *auto_now_fields(locked)])
            record_event(locked, action=action, from_state=state, to_state=transition.target, actor=actor,
                         reason=reason, data=data)
        return locked


def lock_row(obj: models.Model) -> models.Model:
    """A fresh copy of `obj`'s row, locked until the transaction ends (call inside `transaction.atomic`).

    Writes start from it, not from `obj`: whatever was committed since `obj` was read (a transition, another
    edit) is what gets changed, so nothing stale is written back.
    """
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def auto_now_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]


def record_event(obj: models.Model, *, action: str, from_state: str = "", to_state: str = "", actor=None,
                 reason: str = "", data: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        data=data or {},
    )


def record_events(model: type[models.Model], events: Iterable[tuple[object, str, str, str, dict]], *, actor=None,
                  reason: str = "") -> None:
    """`record_event` for many objects of `model` at once (imports): one bulk insert of
    (pk, action, from_state, to_state, data) events sharing an actor and a reason."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    rows_insert(AuditEvent, [
        {"content_type_id": content_type_id, "object_id": str(pk), "action": action, "from_state": from_state,
         "to_state": to_state, "actor_id": actor_id, "reason": reason, "data": data}
        for pk, action, from_state, to_state, data in events
    ])


def history(obj: models.Model):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")
