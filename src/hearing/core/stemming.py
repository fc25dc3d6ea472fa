"""German stems for every search: the cross-hearing search index (SQLite FTS5 and PostgreSQL
both index these stems, so they find the same) and the register's search.

The stemmer is Snowball's German one (snowballstemmer, the Snowball project's Python port; the
algorithm PostgreSQL's ``german`` configuration uses): "Stadträte" and "Stadtrat" are
``stadtrat``, "Verwaltungen" and "Verwaltung" ``verwalt``, "Chancen" and "Chance" ``chanc``.
Index and query go through the same function. It matches word forms, not synonyms: "Risiken"
(``risik``) and "Risiko" (``risiko``) stay apart.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)

# A Snowball stemmer keeps the word it works on in the instance: one per thread.
_local = threading.local()


def _german():
    stemmer = getattr(_local, "german", None)
    if stemmer is None:
        stemmer = _local.german = snowballstemmer.stemmer("german")
    return stemmer


# Texts repeat their words: the register's 1,610 demo records are 229,000 words but far fewer
# distinct ones, and stemming them each time took 4 of the demo's 6 seconds (cProfile of load_demo).
@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The German Snowball stem of one word, lower case, umlauts and other accents folded
    ("Größe" → ``gross``, "Café" → ``cafe``); ``""`` for ``""``."""
    word = word.lower()
    if not word:
        return word
    word = _german().stemWord(word)
    # Snowball folds umlauts itself; the remaining accents (é, ñ) are folded so that the FTS5
    # tokenizer and the query agree.
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(text)


def stems(text: str) -> str:
    return " ".join(stem(w) for w in words(text))
