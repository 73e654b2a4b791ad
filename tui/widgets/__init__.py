"""Reusable widgets: the large table, the charts, the indicator tiles."""
