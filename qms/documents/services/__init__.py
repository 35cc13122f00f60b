"""Every write of document control that carries a business rule.

Keyword-only, typed, atomic. Each service checks the user's permission and the
current state, refuses with a ``ValidationError`` in Vietnamese and changes
nothing when the transition is not allowed, and sets the simple-history change
reason (and, when ``at`` is given, the history date) so that the trace page
says who did what and why. Views, management commands and the demo call these;
nothing else changes a revision's status.
"""
