"""The archive service's rules, in plain Python (built by a later issue)."""
