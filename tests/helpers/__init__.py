"""Helpers every test folder shares: lookups, HTTP clients, builders, workbooks."""
