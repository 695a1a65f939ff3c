"""The rules engine over parsed documents (checks of dates, owners, numbering, statutes): issue 5."""
