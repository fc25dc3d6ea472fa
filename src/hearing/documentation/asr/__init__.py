"""Speech recognition behind one small interface, so another engine can be added.

``engine.get_engine()`` returns the configured engine; ``Engine.transcribe(media)`` returns a
:class:`~hearing.documentation.asr.base.Transcript` that records what made it.
"""
