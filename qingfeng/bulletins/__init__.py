"""The monthly bulletin of typical cases (一月一通报, ledger.md §7) and its public 曝光台."""
