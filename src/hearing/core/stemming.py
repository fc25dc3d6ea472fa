"""A small German stemmer, for the documentation app's search index (SQLite; PostgreSQL brings its
own ``german`` configuration) and the register list's search.

It follows CISTEM (Weissweiler & Fraser, 2017), a stemmer designed for German that is short,
needs no word lists and does about as well as Snowball: fold umlauts and ß, drop a leading
"ge", then strip -em, -er, -nd, -t, -e, -s, -n from the end while the word stays longer than
three letters. Index and query go through the same function, so "Verwaltungen" finds
"Verwaltung" and "Chancen" finds "Chance". It matches word forms, not synonyms: "Risiken" and
"Risiko" stay apart.
"""

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)


# Texts repeat their words: the register's 1,610 demo records are 229,000 words but far fewer
# distinct ones, and stemming them each time took 4 of the demo's 6 seconds (cProfile of load_demo).
@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The CISTEM stem of one word (lower case, umlauts folded); ``""`` for ``""``."""
    word = word.lower()
    if not word:
        return word
    word = word.replace("ü", "u").replace("ö", "o").replace("ä", "a").replace("ß", "ss")
    word = re.sub(r"^ge(.{4,})", r"\1", word)
    word = word.replace("sch", "$").replace("ei", "%").replace("ie", "&")
    word = re.sub(r"(.)\1", r"\1*", word)
    while len(word) > 3:
        if len(word) > 5:
            word, count = re.subn(r"e[mr]$", "", word)
            if count:
                continue
            word, count = re.subn(r"nd$", "", word)
            if count:
                continue
        word, count = re.subn(r"[tesn]$", "", word)
        if not count:
            break
    word = re.sub(r"(.)\*", r"\1\1", word)
    word = word.replace("$", "sch").replace("%", "ei").replace("&", "ie")
    # Remaining accents (é, ñ) are folded so that the FTS5 tokenizer and the query agree.
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(text)


def stems(text: str) -> str:
    return " ".join(stem(w) for w in words(text))
