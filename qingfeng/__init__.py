"""Qingfeng (清风): keeps a county's poverty-relief money clean."""

__version__ = "0.1.0"
