"""The consent service's rules, in plain Python."""
