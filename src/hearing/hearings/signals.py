from django.dispatch import Signal

# Sent after commit whenever a hearing's live state changed. Arguments: hearing, action, data.
# The live-interaction push subscribes to it; nothing here depends on who listens.
live_state_changed = Signal()
