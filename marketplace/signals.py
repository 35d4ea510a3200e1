from django.dispatch import Signal

# Sent after the transaction that changed listings commits; kwargs: listing_ids (a list: imports send one
# signal for a whole batch), action, and bulk=True from imports (slow side effects wait for the background).
listing_changed = Signal()
# Sent after a demand is created or changed; kwargs: demand_id, action.
demand_changed = Signal()
# Sent inside the transaction that wrote patents without save() (imports, queryset updates: a model save sends
# post_save instead), so that data derived from them (navigation's facts and applicant rows) is written in the
# same transaction; kwargs: patent_ids. Every such write must send it.
patents_written = Signal()
