"""The editors' commands: check, new and translations."""
