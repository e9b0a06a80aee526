"""Synthetic county data: geography, the registries of a bundle, planted cases."""
