"""Long work done in the background for one person: PDF packs, imports.

A view checks the permission, records a ``BackgroundJob`` and queues it
(``run_job``, a django-tasks task), then shows the job's page, which follows
its progress and offers the result when it is done. What a kind of job does is
a builder named in ``settings.QMS_JOB_BUILDERS`` (kind → dotted path), so the
apps above ``qms`` bring their own without ``qms`` importing them.

A builder returns a file (``JobResult``) or a summary (``JobSummary``: counts,
located errors), which the job's page shows. An import (qms/imports) starts
as a draft: the uploaded file is kept privately on the job (``source``) while
the person reads the dry-run report, and the job is queued only when they
confirm (``job_confirm``); the file is deleted once the job has run.
"""
