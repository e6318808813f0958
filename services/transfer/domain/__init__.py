"""The transfer service's rules, in plain Python (built by a later issue)."""
