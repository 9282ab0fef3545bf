"""Benchmarks: a synthetic province-sized database and the cost of each menu action."""
