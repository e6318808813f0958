"""The logs service's rules, in plain Python (no nameko, Flask, SQLAlchemy or marshmallow)."""
