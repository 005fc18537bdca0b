"""The base every page builds on: USWDS form rendering and pagination. It imports no Tandem app,
so any app may use it (see docs/ARCHITECTURE.md, "Layers")."""
