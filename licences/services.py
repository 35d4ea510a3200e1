"""Writes for what a signed agreement owes and the licence it becomes.

Signing sets up the instalments (the upfront fee, each milestone); paying one opens a payments.Payment through
the chosen provider, and only the payment's confirmed success (a webhook, the provider's answer, or an operator
recording a bank transfer) settles it, once, and splits the money into distributions. The licence is recorded
as soon as the agreement is signed and nothing is owed up front.

Lock order, so two paths never wait on each other: instalment, then (in a later transaction) the deal.
"""

from decimal import ROUND_HALF_UP

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deals.models import Agreement, Deal
from deals.services import DEAL_WORKFLOW
from deals.signals import deal_changed
from deals.terms import EXCLUSIVE_KINDS
from marketplace.permissions import is_member, is_operator, require
from marketplace.services.common import send_on_commit
from marketplace.services.listings import LISTING_WORKFLOW, listing_transact_by_licence
from marketplace.workflow import Transition, Workflow, lock_row, record_event
from payments.checkout import method_provider_name
from payments.models import Payment, Refund
from payments.providers import get_provider
from payments.services import payment_cancel, payment_card_confirm, payment_create

from .models import Distribution, DistributionRefund, Instalment, Licence
from .royalties import royalty_reports_mark_paid
from .selectors import PENDING, distribution_refunded, instalment_attempts, instalment_of_payment
from .splits import CENT, split_largest_remainder

I = Instalment.Status  # noqa: E741 - the states' table reads best short
INSTALMENT_WORKFLOW = Workflow(
    "status",
    {
        "pay": Transition(frozenset({I.DUE}), I.PAID),  # its payment's success was confirmed
        # The deal was closed before the licence was recorded: nothing more is owed.
        "cancel": Transition(frozenset({I.DUE}), I.CANCELLED, needs_reason=True),
        # Its payment was refunded in full: the agreement still says the amount is owed, so it is due again
        # (an operator who means to forgive it closes the deal or records that in the deal room).
        "reopen": Transition(frozenset({I.PAID}), I.DUE, needs_reason=True),
    },
)


def instalments_create_for_agreement(*, agreement: Agreement) -> list[Instalment]:
    """The upfront fee (if any) and one instalment per milestone of a signed agreement; once only."""
    with transaction.atomic():
        agreement = lock_row(agreement)
        existing = list(agreement.instalments.exclude(kind=Instalment.Kind.ROYALTY))
        if existing:
            return existing
        terms = agreement.terms
        owed = []
        if terms.upfront_fee > 0:
            # No label: pages name it by its kind, in each reader's language.
            owed.append((Instalment.Kind.UPFRONT, "", terms.upfront_fee, timezone.localdate()))
        owed += [(Instalment.Kind.MILESTONE, m.label, m.amount, m.due_date) for m in terms.milestones]
        created = []
        for kind, label, amount, due_date in owed:
            instalment = Instalment.objects.create(agreement=agreement, kind=kind, label=label, amount=amount,
                                                   currency=terms.currency, due_date=due_date)
            record_event(instalment, action="create", to_state=instalment.status,
                         data={"amount": str(amount), "currency": terms.currency})
            created.append(instalment)
        return created


def licence_record(*, agreement: Agreement, actor=None) -> Licence:
    """Record the licence of a signed agreement whose upfront fee (if any) is paid; the deal becomes
    licensed, and an exclusive licence or an assignment takes the listing off the market. Once per deal."""
    with transaction.atomic():
        deal = lock_row(agreement.deal)  # two recordings at once: the second finds the first's licence
        licence = Licence.objects.filter(deal=deal).first()
        if licence is not None:
            return licence
        agreement = Agreement.objects.get(pk=agreement.pk)
        if agreement.status != Agreement.Status.SIGNED:
            raise ValidationError(_("Only a signed agreement becomes a licence."))
        if agreement.instalments.filter(kind=Instalment.Kind.UPFRONT).exclude(status=I.PAID).exists():
            raise ValidationError(_("The licence is recorded once the upfront fee is paid."))
        terms = agreement.terms
        licence = Licence.objects.create(
            deal=deal, agreement=agreement, listing=deal.listing, pool=deal.listing.pool,
            licensor=deal.seller, licensee=deal.buyer, deal_kind=terms.deal_kind,
            terms_data=agreement.terms_data, start_date=terms.start_date, end_date=terms.end_date,
            commission_percent=agreement.commission_percent,  # as stated in the signed agreement
        )
        licence.patents.set(terms.patent_ids)
        agreement.instalments.update(licence=licence)
        record_event(licence, action="record", to_state=licence.status, actor=actor,
                     data={"deal_id": deal.pk, "agreement_id": agreement.pk})
        DEAL_WORKFLOW.apply(deal, "license", actor=actor, data={"licence_id": licence.pk})
        send_on_commit(deal_changed, deal_id=deal.pk, action="license", status=Deal.Status.LICENSED)
        listing = lock_row(deal.listing)
        # A listing withdrawn meanwhile stays withdrawn: only a published one can be marked transacted.
        if terms.deal_kind in EXCLUSIVE_KINDS and LISTING_WORKFLOW.can(listing, "mark_transacted"):
            listing_transact_by_licence(
                listing=listing, actor=actor,
                reason=_("Licence %(pk)s recorded (%(kind)s).") % {"pk": licence.pk,
                                                                  "kind": licence.get_deal_kind_display()},
            )
    return licence


def instalment_pay(*, instalment: Instalment, actor, method: str) -> Payment:
    """The buyer starts paying `instalment`: a payment from the licensee to the licensor through the bank
    (offline, an operator confirms it) or by card (Stripe). One attempt at a time; each its own idempotency
    key. A provider that cannot be reached leaves nothing behind (ProviderError): the buyer tries again."""
    deal = instalment.agreement.deal
    require(is_member(actor, deal.buyer), _("Only the licensee's members can pay this."))
    provider = get_provider(method_provider_name(method))
    with transaction.atomic():
        instalment = lock_row(instalment)  # two attempts at once: the second sees the first
        if instalment.status != I.DUE:
            raise ValidationError(_("This is already %(status)s.") % {"status": instalment.get_status_display()
                                                                      .lower()})
        if instalment_attempts(instalment=instalment).filter(status__in=PENDING).exists():
            raise ValidationError(_("A payment of this is already under way; finish or cancel it first."))
        return payment_create(
            payer=deal.buyer, payee=deal.seller, amount=instalment.amount, currency=instalment.currency,
            purpose=instalment, description=f"{instalment.title} · {deal.listing.identifier}"[:300],
            actor=actor, provider=provider,
        )


def instalment_card_confirm(*, payment: Payment, actor, payment_method: str) -> Payment:
    """The checkout page collected a card (`payment_method`) in the buyer's browser: charge it. Stripe's
    answer is the confirmation; a decline leaves the payment failed, with the reason, for a new attempt."""
    instalment = instalment_of_payment(payment=payment)
    require(instalment is not None and is_member(actor, payment.payer), _("Only the payer can pay this."))
    return payment_card_confirm(payment=payment, actor=actor, payment_method=payment_method)


def instalment_attempt_cancel(*, payment: Payment, actor) -> Payment:
    """The buyer (or an operator) calls off a payment attempt under way, e.g. to pay by card instead of the
    announced transfer; the instalment stays due."""
    require(instalment_of_payment(payment=payment) is not None
            and (is_member(actor, payment.payer) or is_operator(actor)),
            _("Only the payer or the operation centre can cancel this payment."))
    return payment_cancel(payment=payment, actor=actor)


def instalment_settle(*, payment: Payment) -> Instalment | None:
    """The payment of an instalment succeeded: mark the instalment paid and distribute the money, exactly once
    however often and by whom (webhook, operator) the success is reported. Then record the licence if this
    was the upfront fee of a signed agreement."""
    instalment = instalment_of_payment(payment=payment)
    if instalment is None:
        return None
    with transaction.atomic():
        instalment = lock_row(instalment)
        payment = Payment.objects.get(pk=payment.pk)
        if payment.status != Payment.Status.SUCCEEDED:
            return instalment
        if instalment.status == I.DUE:
            instalment = INSTALMENT_WORKFLOW.apply(instalment, "pay", data={"payment_id": payment.pk},
                                                   timestamps=("paid_at",))
            Instalment.objects.filter(pk=instalment.pk).update(paid_by=payment)
            instalment.paid_by = payment
        elif instalment.paid_by_id != payment.pk:
            # Paid after the deal was closed, or twice: the money stays undistributed for an operator's refund.
            record_event(instalment, action="payment_unexpected", from_state=instalment.status,
                         to_state=instalment.status, data={"payment_id": payment.pk})
            return instalment
        if not payment.distributions.exists():  # a refund that failed brings back a payment already split
            _distribute(payment=payment, instalment=instalment)
        if instalment.kind == Instalment.Kind.ROYALTY:  # its report is paid with it
            royalty_reports_mark_paid(instalment_ids=[instalment.pk])
    agreement = instalment.agreement
    if instalment.kind == Instalment.Kind.UPFRONT and agreement.status == Agreement.Status.SIGNED:
        licence_record(agreement=agreement)
    return instalment


def _distribute(*, payment: Payment, instalment: Instalment) -> list[Distribution]:
    """The platform's commission (to the cent, at the rate the agreement stated), then the rest to the licensor,
    or to the pool's members by their shares."""
    licence = instalment.licence
    percent = instalment.agreement.commission_percent
    commission = (payment.amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    rest = payment.amount - commission
    deal = instalment.agreement.deal
    pool = licence.pool if licence else deal.listing.pool
    parts = [(None, Distribution.Role.COMMISSION, percent, commission)]
    if pool is None:
        parts.append((deal.seller, Distribution.Role.LICENSOR, None, rest))
    else:
        members = {member.organisation: member.share for member in pool.members.select_related("organisation")}
        parts += [(organisation, Distribution.Role.POOL_MEMBER, members[organisation], amount)
                  for organisation, amount in split_largest_remainder(rest, members).items()]
    return [
        Distribution.objects.create(payment=payment, instalment=instalment, recipient=recipient, role=role,
                                    share_percent=share, amount=amount, currency=payment.currency)
        for recipient, role, share, amount in parts if amount > 0
    ]


def distributions_refund(*, payment: Payment) -> list[DistributionRefund]:
    """Take each counted refund of `payment` back from its distributions in proportion to what each still
    holds (largest remainder, so the parts sum to the refund and none goes below zero); once per refund.
    A refund of everything makes the instalment due again."""
    created = []
    with transaction.atomic():
        payment = lock_row(payment)  # refunds reported at once are taken back one after the other
        distributions = list(payment.distributions.all())
        if not distributions:
            return created
        refunds = payment.refunds.filter(status__in=Refund.COMMITTED).exclude(distribution_parts__isnull=False)
        for refund in refunds.order_by("pk"):
            held = {d: d.amount - distribution_refunded(distribution=d) for d in distributions}
            held = {d: amount for d, amount in held.items() if amount > 0}
            for distribution, amount in split_largest_remainder(refund.amount, held).items():
                if amount > 0:
                    created.append(DistributionRefund.objects.create(distribution=distribution, refund=refund,
                                                                     amount=amount))
        if payment.status == Payment.Status.REFUNDED:
            instalment = Instalment.objects.filter(paid_by=payment, status=I.PAID).first()
            if instalment is not None:
                instalment = INSTALMENT_WORKFLOW.apply(instalment, "reopen", reason=_("Payment refunded."),
                                                       data={"payment_id": payment.pk})
                Instalment.objects.filter(pk=instalment.pk).update(paid_by=None, paid_at=None)
    return created


def instalments_cancel_for_deal(*, deal: Deal, reason: str) -> int:
    """The deal was closed before its licence was recorded: what was still due is no longer owed."""
    cancelled = 0
    with transaction.atomic():
        for instalment in Instalment.objects.select_for_update().filter(
            agreement__deal=deal, licence__isnull=True, status=I.DUE
        ):
            INSTALMENT_WORKFLOW.apply(instalment, "cancel", reason=reason or _("Deal closed."))
            cancelled += 1
    return cancelled
