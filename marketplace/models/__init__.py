from .audit import AuditEvent
from .demands import Demand, DemandResponse
from .invitations import Invitation, JoinRequest
from .listings import DealType, Listing, ListingAttachment, ListingImage, ListingMandate
from .notifications import Notification
from .organisations import Membership, Organisation, User
from .patents import IpcClass, Patent
from .pools import PatentPool, PoolMember
from .revisions import ListingRevision, RevisionAttachment, RevisionImage

__all__ = [
    "AuditEvent",
    "DealType",
    "Demand",
    "DemandResponse",
    "Invitation",
    "IpcClass",
    "JoinRequest",
    "Listing",
    "ListingAttachment",
    "ListingImage",
    "ListingMandate",
    "ListingRevision",
    "Membership",
    "Notification",
    "Organisation",
    "Patent",
    "PatentPool",
    "PoolMember",
    "RevisionAttachment",
    "RevisionImage",
    "User",
]
