"""Program evaluation: whether coaching works, in figures only (docs/EVALUATION.md)."""
