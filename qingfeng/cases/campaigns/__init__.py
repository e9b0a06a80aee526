"""Themed campaigns (一季一主题, shared/spec/ledger.md §3): leadership defines them, clues are
tagged to them (at intake, by rule for cross-check clues, in bulk), and each has a results page."""
