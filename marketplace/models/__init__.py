from .audit import AuditEvent
from .demands import Demand, DemandResponse
from .invitations import Invitation, JoinRequest
from .listings import DealType, Listing, ListingAttachment, ListingImage
from .notifications import Notification
from .organisations import Membership, Organisation, User
from .patents import IpcClass, Patent
from .pools import PatentPool, PoolMember

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
    "Membership",
    "Notification",
    "Organisation",
    "Patent",
    "PatentPool",
    "PoolMember",
    "User",
]
