"""Date formats per language (Django's FORMAT_MODULE_PATH): German "7. Juni 2024", English
"7 June 2024" (British usage, as in EU English). Templates use the names DATE_FORMAT and
DATETIME_FORMAT, never a format string of one language."""
