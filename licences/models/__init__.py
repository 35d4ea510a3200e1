from .licence import Licence
from .money import Distribution, DistributionRefund, Instalment

__all__ = ["Distribution", "DistributionRefund", "Instalment", "Licence"]
