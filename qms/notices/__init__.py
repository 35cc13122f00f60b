"""Who is waiting for whom: the "Việc chờ tôi" dashboard panel and notice mails.

``waiting``: each app contributes sections of a person's queue through the
``qms_waiting_for_me`` hook (``qms`` imports no app above it); the dashboard
panel shows them. ``services``: a notice mail is recorded once per event and
recipient (``SentNotice``, unique key), rendered in the recipient's language
(Wagtail's account setting "preferred language", else ``LANGUAGE_CODE``), and
sent by the ``send_notice_task`` worker task, which sends a recorded notice at
most once however often the timer re-runs or the task is retried.
"""
