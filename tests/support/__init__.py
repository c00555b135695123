"""Helpers shared by the test suite and the examples build script."""
