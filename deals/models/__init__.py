from .offers import Agreement, Offer
from .room import ENDED, MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal, DealMessage, DealReadMark, DealStatus
from .signatures import Signature
from .templates import AgreementTemplate

__all__ = [
    "ENDED", "MESSAGE_MAX_LENGTH", "REASON_MAX_LENGTH", "Agreement", "AgreementTemplate", "Deal", "DealMessage",
    "DealReadMark", "DealStatus", "Offer", "Signature",
]
