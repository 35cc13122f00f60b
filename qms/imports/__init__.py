"""Imports from the browser: upload, a dry-run report, confirm, a background job.

Every import the management commands do has a screen under the admin menu
"Nhập dữ liệu". The commands and the screens call the same service; an
``Importer`` (``registry``) only adapts it: what file it takes, who may use it,
how its report reads. The apps above ``qms`` declare theirs in
``settings.QMS_IMPORTERS`` (dotted paths), as jobs declare their builders, so
``qms`` imports none of them.

The flow (``services``): the upload is kept privately on a draft
``BackgroundJob`` and checked at once (nothing written); the report lists the
same located messages as the command. When the person confirms, the job is
queued; the worker checks the file again (the data may have changed) and
writes it all in one transaction, or nothing.
"""
