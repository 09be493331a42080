"""The one kind of error a researcher is shown: ``UserError``, whose message is one
sentence naming the file and what to do. Stages raise subclasses of it
(``CodebookError``, ``CorpusError``); the CLI prints the message and never a traceback.
Kept apart from the stages so the CLI can catch it without importing them."""


class UserError(Exception):
    """A problem the user can fix; the message says how."""


def save_traceback() -> str:
    """Save the exception being handled to ``.cache/last-error.txt`` (for a bug report); its path."""
    import traceback

    from analysis import config

    path = config.CACHE_DIR / "last-error.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return "(the traceback could not be saved)"
