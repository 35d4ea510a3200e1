from .easy_access import EasyAccessTerms
from .offers import Agreement, Offer
from .room import ENDED, MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal, DealMessage, DealReadMark, DealStatus

__all__ = [
    "ENDED", "MESSAGE_MAX_LENGTH", "REASON_MAX_LENGTH", "Agreement", "Deal", "DealMessage", "DealReadMark",
    "DealStatus", "EasyAccessTerms", "Offer",
]
