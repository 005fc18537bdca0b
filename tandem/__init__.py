"""Tandem: formal coaching programs for child welfare agencies."""
