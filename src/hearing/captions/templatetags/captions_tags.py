from django import template

from hearing.captions import domain

register = template.Library()


@register.simple_tag
def captions_for(hearing) -> dict:
    """Whether live captions are on for ``hearing`` (the organiser's stream page shows it)."""
    return {"enabled": domain.is_enabled(hearing)}


@register.simple_tag
def latest_caption(hearing):
    """The line the caption band starts with (hearing.captions.domain.latest), or None."""
    return domain.latest(hearing)


@register.simple_tag
def caption_track(recording) -> dict | None:
    """The recording's caption track: the offline transcript's once there is one, until then the
    live captions said during it; None when there is neither."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from hearing.documentation.models import PUBLIC_TRANSCRIPTS, Transcript

    slug = recording.hearing.slug
    published = Transcript.objects.filter(PUBLIC_TRANSCRIPTS, recording=recording)
    if published.filter(finished_at__isnull=False).exists():
        return {
            "src": reverse("documentation:vtt", kwargs={"slug": slug, "pk": recording.pk}),
            "label": _("Untertitel (Transkript, automatisch erzeugt)"),
        }
    lines = domain.lines_during(recording)
    if lines.exists():  # the page needs to know, not the lines
        by_person = lines.filter(domain.BY_PERSON).exists()
        return {
            "src": reverse("captions:recording_vtt", kwargs={"slug": slug, "pk": recording.pk}),
            "label": _("Untertitel (live, automatisch erzeugt, teils von einer Person)")
            if by_person
            else _("Untertitel (live, automatisch erzeugt)"),
        }
    return None
