from .attachments import DealAttachment
from .nda import NdaAcceptance, NdaVersion
from .easy_access import EasyAccessTerms
from .offers import Agreement, Offer
from .room import ENDED, MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Deal, DealMessage, DealReadMark, DealStatus
from .signatures import Signature
from .templates import AgreementTemplate

__all__ = [
    "ENDED", "MESSAGE_MAX_LENGTH", "REASON_MAX_LENGTH", "Agreement", "AgreementTemplate", "Deal", "DealAttachment",
    "DealMessage", "DealReadMark", "DealStatus", "EasyAccessTerms", "NdaAcceptance", "NdaVersion", "Offer",
    "Signature",
]
