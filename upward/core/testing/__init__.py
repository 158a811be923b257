"""Test helpers shared by every app's tests (not imported by the product's code)."""
