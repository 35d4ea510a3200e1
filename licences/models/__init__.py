from .licence import Licence
from .money import Distribution, Instalment

__all__ = ["Distribution", "Instalment", "Licence"]
