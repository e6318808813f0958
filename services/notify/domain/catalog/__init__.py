"""Message catalogs, one module per language (R90): the words, and nothing else.

Each module holds ``MESSAGES`` (event type → subject, mail body, SMS text, with
``{placeholders}`` that ``domain/messages.py`` fills), the names of weekdays and months,
how a moment and a day are written, and ``FALLBACKS`` for values that may be missing.
"""

from . import en, nb, nn

CATALOGS = {"nb": nb, "nn": nn, "en": en}
