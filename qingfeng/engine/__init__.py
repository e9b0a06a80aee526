"""The cross-check engine (大数据比对): registry import, identity, rules, runs.

Pure Python + DuckDB. It never imports Django; the web app's crosscheck app is
only an adapter on top of it.
"""
