from django.dispatch import Signal

# Sent after commit when a hearing's stream goes live or offline, or a recording is registered.
# Arguments: hearing, action ("media.stream.started", "media.stream.ended",
# "media.recording.registered"), data (plain JSON-able dict).
stream_state_changed = Signal()
