"""What the coaching app tells the apps above it (docs/ARCHITECTURE.md, "Layers").

Agreements sit above coaching, so coaching cannot call them; they listen instead."""

from django.dispatch import Signal

# Sent with `engagement_id=` when someone accepts joining a group, declines, leaves or is
# removed: the group's agreement names its members as they stand (agreements/services.py).
group_membership_changed = Signal()
