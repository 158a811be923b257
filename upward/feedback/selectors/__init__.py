"""Reads of the feedback app. Import from the submodules."""
