"""The vouchers app's state machines (marketplace.workflow): each action, the states it starts from, where it
leads. Services apply them; every change is an audit event."""

from marketplace.workflow import Transition, Workflow

from .models import Accreditation, Claim, Programme, ServiceOrder, Voucher, VoucherApplication

P = Programme.Status
PROGRAMME_WORKFLOW = Workflow("status", {
    "open": Transition(frozenset({P.DRAFT}), P.OPEN),
    "close": Transition(frozenset({P.OPEN}), P.CLOSED, needs_reason=True),
})

A = VoucherApplication.Status
APPLICATION_WORKFLOW = Workflow("status", {
    "approve": Transition(frozenset({A.SUBMITTED}), A.APPROVED),
    "reject": Transition(frozenset({A.SUBMITTED}), A.REJECTED, needs_reason=True),
    "withdraw": Transition(frozenset({A.SUBMITTED}), A.WITHDRAWN),
})

V = Voucher.Status
VOUCHER_WORKFLOW = Workflow("status", {
    "expire": Transition(frozenset({V.ACTIVE}), V.EXPIRED),
    # Its holder was sanctioned: what is left goes back to the budget.
    "revoke": Transition(frozenset({V.ACTIVE}), V.REVOKED, needs_reason=True),
})

C = Accreditation.Status
ACCREDITATION_WORKFLOW = Workflow("status", {
    "verify": Transition(frozenset({C.APPLIED}), C.NOTICE),  # verified: the public notice starts
    "activate": Transition(frozenset({C.NOTICE}), C.ACTIVE),
    "reject": Transition(frozenset({C.APPLIED, C.NOTICE}), C.REJECTED, needs_reason=True),
    "suspend": Transition(frozenset({C.ACTIVE}), C.SUSPENDED, needs_reason=True),
    "reinstate": Transition(frozenset({C.SUSPENDED}), C.ACTIVE, needs_reason=True),
    "remove": Transition(frozenset({C.ACTIVE, C.SUSPENDED}), C.REMOVED, needs_reason=True),
})

O = ServiceOrder.Status
ORDER_WORKFLOW = Workflow("status", {
    "pay": Transition(frozenset({O.PLACED}), O.IN_PROGRESS),  # the enterprise's co-payment arrived
    "deliver": Transition(frozenset({O.IN_PROGRESS, O.DISPUTED}), O.DELIVERED),
    "confirm": Transition(frozenset({O.DELIVERED}), O.CONFIRMED),
    "dispute": Transition(frozenset({O.DELIVERED}), O.DISPUTED, needs_reason=True),
    "claim": Transition(frozenset({O.CONFIRMED}), O.CLAIMED),
    "redeem": Transition(frozenset({O.CLAIMED}), O.REDEEMED),
    "refuse": Transition(frozenset({O.CLAIMED}), O.REFUSED, needs_reason=True),
    "settle": Transition(frozenset({O.REDEEMED}), O.SETTLED),
    "cancel": Transition(frozenset({O.PLACED, O.IN_PROGRESS, O.DISPUTED}), O.CANCELLED, needs_reason=True),
    # Not claimed by the programme's claim deadline (a returned claim not corrected counts as not claimed).
    "lapse": Transition(frozenset({O.PLACED, O.IN_PROGRESS, O.DELIVERED, O.DISPUTED, O.CONFIRMED, O.CLAIMED}),
                        O.LAPSED),
    # Its agency or enterprise was sanctioned: whatever was not yet redeemed stops.
    "stop": Transition(frozenset({O.PLACED, O.IN_PROGRESS, O.DELIVERED, O.DISPUTED, O.CONFIRMED, O.CLAIMED}),
                       O.CANCELLED, needs_reason=True),
    # An approved claim found wrong before it was paid.
    "reverse": Transition(frozenset({O.REDEEMED}), O.REFUSED, needs_reason=True),
})

K = Claim.Status
CLAIM_WORKFLOW = Workflow("status", {
    "check": Transition(frozenset({K.SUBMITTED}), K.CHECKED),  # first of two review stages passed
    "approve": Transition(frozenset({K.SUBMITTED, K.CHECKED}), K.APPROVED),
    "return": Transition(frozenset({K.SUBMITTED, K.CHECKED}), K.RETURNED, needs_reason=True),
    "refuse": Transition(frozenset({K.SUBMITTED, K.CHECKED}), K.REFUSED, needs_reason=True),
    "resubmit": Transition(frozenset({K.RETURNED}), K.SUBMITTED),
    "lapse": Transition(frozenset({K.RETURNED, K.SUBMITTED, K.CHECKED}), K.REFUSED),
    "reverse": Transition(frozenset({K.APPROVED}), K.REVERSED, needs_reason=True),
    "settle": Transition(frozenset({K.APPROVED}), K.SETTLED),
})
