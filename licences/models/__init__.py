from .disputes import Dispute, DisputeEvidence, DisputeNote
from .licence import Licence
from .money import Distribution, DistributionRefund, Instalment
from .royalties import RoyaltyReport, RoyaltyReportReminder

__all__ = ["Dispute", "DisputeEvidence", "DisputeNote", "Distribution", "DistributionRefund", "Instalment",
           "Licence", "RoyaltyReport", "RoyaltyReportReminder"]
