"""The notify service's rules, in plain Python."""
