"""What the agreements app tells the apps above it (docs/ARCHITECTURE.md, "Layers").

Enrollment sits above agreements, so agreements cannot call it; it listens instead."""

from django.dispatch import Signal

# Sent with `engagement=` when an agreement version comes into force (every party acknowledged).
agreement_in_force = Signal()
