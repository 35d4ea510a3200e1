from .agencies import Accreditation, AccreditationDocument, Objection, Sanction, ServiceProduct
from .ledger import AppendOnly, LedgerLine, LedgerTransaction
from .orders import Claim, ClaimReview, ServiceOrder, SettlementBatch
from .pages import ServiceCataloguePage
from .programmes import Programme, ServiceCategory
from .vouchers import Voucher, VoucherApplication

__all__ = [
    "Accreditation", "AccreditationDocument", "AppendOnly", "Claim", "ClaimReview", "LedgerLine",
    "LedgerTransaction", "Objection", "Programme", "Sanction", "ServiceCataloguePage", "ServiceCategory",
    "ServiceOrder", "ServiceProduct", "SettlementBatch", "Voucher", "VoucherApplication",
]
