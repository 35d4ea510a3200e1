"""Who may list a patent, and how often.

A patent is listed by one of its applicants (names compared through organisation_name_key, so width, case and
invisible characters do not matter), or by an IP operating agency that attaches the applicant's mandate
(授权委托书). The operation centre lists on others' behalf and is trusted; a patent whose applicants the register
does not give cannot be checked, and moderation says so (marketplace/selectors/moderation.py).

An organisation has at most one active listing of a patent (Listing.ACTIVE_STATES): the check below answers with
a clear message, the database's unique constraint decides between two submissions racing each other.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ..models import Listing, ListingMandate, Organisation, Patent
from ..organisation_names import organisation_name_among
from ..uploads import validate_pdf
from ..workflow import record_event
from .listing_media import MAX_PDF_BYTES, upload_check


def organisation_is_applicant(*, organisation: Organisation, patent: Patent) -> bool:
    return organisation_name_among([organisation.name_zh, organisation.name_en], patent.applicants)


def listing_right_check(*, owner: Organisation, patent: Patent, mandate: UploadedFile | None) -> None:
    """Refuse a listing of `patent` by `owner` unless owner is an applicant, or an agency with a mandate."""
    if mandate is not None:
        upload_check(mandate, limit=MAX_PDF_BYTES, validate=validate_pdf, field="mandate")
    if (owner.kind == Organisation.Kind.OPERATION_CENTRE or not patent.applicants
            or organisation_is_applicant(organisation=owner, patent=patent)):
        return
    facts = {"organisation": owner.name_zh, "number": patent.publication_number,
             "applicants": "; ".join(patent.applicants)}
    if owner.kind != Organisation.Kind.OPERATING_AGENCY:
        raise ValidationError(_(
            "%(organisation)s is not an applicant of %(number)s (applicants: %(applicants)s). Only an applicant "
            "can list a patent, or an IP operating agency with the applicant's mandate.") % facts,
            code="not_an_applicant")
    if mandate is None:
        raise ValidationError({"mandate": _(
            "%(organisation)s is not an applicant of %(number)s (applicants: %(applicants)s): attach the "
            "applicant's mandate (授权委托书) to list it for them.") % facts})


def listing_duplicate_check(*, owner: Organisation, patent: Patent, exclude: Listing | None = None) -> None:
    """Refuse a second active listing of `patent` by `owner` (creating one, or reviving an ended one)."""
    existing = Listing.objects.filter(owner=owner, patent=patent, status__in=Listing.ACTIVE_STATES)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    found = existing.first()
    if found is not None:
        raise ValidationError(_(
            "%(organisation)s already has a listing of %(number)s (“%(title)s”, %(state)s): change that listing "
            "instead of listing the patent again.") % {
                "organisation": owner.name_zh, "number": patent.publication_number, "title": found.title,
                "state": found.get_status_display()}, code="already_listed")


def listing_mandate_attach(*, listing: Listing, file: UploadedFile, actor) -> ListingMandate:
    """Store the mandate with its listing (inside the listing's creating transaction)."""
    mandate = ListingMandate.objects.create(listing=listing, file=file,
                                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record_event(listing, action="mandate_attach", from_state=listing.status, to_state=listing.status, actor=actor,
                 data={"mandate": mandate.pk})
    return mandate
