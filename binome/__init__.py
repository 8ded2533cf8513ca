"""The composition root: the `binome` command, the embedded runner, the demo journey.

Services never import this package; it imports them all to start them.
"""
