"""syncctl: SQL-first customer data sync."""

__version__ = "0.1.0"
