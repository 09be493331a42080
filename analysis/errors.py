"""The one kind of error a researcher is shown: ``UserError``, whose message is one
sentence naming the file and what to do. Stages raise subclasses of it
(``CodebookError``, ``CorpusError``); the CLI prints the message and never a traceback.
Kept apart from the stages so the CLI can catch it without importing them."""


class UserError(Exception):
    """A problem the user can fix; the message says how."""
