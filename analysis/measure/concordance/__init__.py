"""Where a phrase occurs: keyword in context and the one search language."""
