from .attachments import DealAttachment
from .nda import NdaAcceptance, NdaVersion
from .easy_access import EasyAccessTerms
from .offers import Agreement, Offer
from .room import ENDED, MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal, DealMessage, DealReadMark, DealStatus

__all__ = [
    "ENDED", "MESSAGE_MAX_LENGTH", "REASON_MAX_LENGTH", "Agreement", "Deal", "DealAttachment", "DealMessage",
    "DealReadMark", "DealStatus", "EasyAccessTerms", "NdaAcceptance", "NdaVersion", "Offer",
]
