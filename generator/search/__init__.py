"""The offline Thai search feature: the index and its page."""
