"""Periodic reports (ledger.md §7): 日收集·周汇总·月排查·季分析.

periods.py names the period; content.py gathers its figures (from reports.indicators,
so they equal `report stats` for the same window) and lists as plain data; the
render_*.py modules write that data as PDF, Word or Excel; charts.py draws its charts.
"""
