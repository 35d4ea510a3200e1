from .disputes import Dispute, DisputeEvidence, DisputeNote
from .licence import Licence
from .money import Distribution, Instalment
from .royalties import RoyaltyReport, RoyaltyReportReminder

__all__ = ["Dispute", "DisputeEvidence", "DisputeNote", "Distribution", "Instalment", "Licence", "RoyaltyReport",
           "RoyaltyReportReminder"]
