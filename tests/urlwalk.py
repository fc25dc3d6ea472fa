"""Every URL pattern of the project, for the tests that walk the URLconf."""

from django.urls import URLPattern, URLResolver, get_resolver


def patterns() -> list[tuple[str, str | None, object]]:
    """(route with its prefixes, url name, view) for every pattern, includes followed."""
    found = []

    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append((prefix + str(entry.pattern), entry.name, entry.callback))

    walk(get_resolver().url_patterns, "")
    return found
