"""追责问责 (shared/spec/ledger.md §5): decisions against party organisations and leading
cadres, recorded and changed through audited actions, and leadership's view of them by
township and by county department."""
