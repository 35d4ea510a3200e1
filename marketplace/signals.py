from django.dispatch import Signal

# Sent after the transaction that changed a listing commits; kwargs: listing_id, action.
listing_changed = Signal()
# Sent after a demand is created or changed; kwargs: demand_id, action.
demand_changed = Signal()
