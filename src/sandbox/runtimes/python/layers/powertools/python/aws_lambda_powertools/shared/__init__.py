"""Helpers the utilities share: environment switches, the JSON encoder, the trace header."""
