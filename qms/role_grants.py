"""What each role may do with the organisation's own models."""

from qms.organisation.roles import (
    APPROVER,
    COMMUNE_OFFICER,
    DOCUMENT_CONTROLLER,
    INSPECTOR,
    ISO_REVIEWER,
    ROLES,
    SITE_EDITOR,
    grant,
)

for _role in ROLES:
    grant(_role, "wagtailadmin.access_admin", "qms.view_administrativeunit")

# Every role except the commune officer reads every unit's data.
for _role in (SITE_EDITOR, DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, ISO_REVIEWER):
    grant(_role, "qms.view_all_units")

grant(ISO_REVIEWER, "qms.view_unitmembership")
grant(
    SITE_EDITOR,
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
grant(APPROVER, "wagtailimages.choose_image", "wagtaildocs.choose_document")
_ = COMMUNE_OFFICER  # granted only the common permissions above

# Document control (issue 3). Nobody may delete a document, a revision or any
# history: obsolete revisions stay retrievable, the trail stays whole.
_DOCUMENT_MODELS = (
    "legaltext",
    "controlleddocument",
    "documentrevision",
    "revisionattachment",
    "readacknowledgement",
)
for _role in (DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, ISO_REVIEWER, COMMUNE_OFFICER):
    grant(_role, *(f"qms.view_{name}" for name in _DOCUMENT_MODELS))
# Staff confirm reading what is in force; the ISO reviewer only reads.
for _role in (SITE_EDITOR, DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, COMMUNE_OFFICER):
    grant(_role, "qms.add_readacknowledgement")
grant(
    DOCUMENT_CONTROLLER,
    "qms.add_legaltext",
    "qms.change_legaltext",
    "qms.add_controlleddocument",
    "qms.change_controlleddocument",
    "qms.add_documentrevision",
    "qms.change_documentrevision",
    "qms.add_revisionattachment",
)
grant(APPROVER, "qms.review_documentrevision", "qms.approve_documentrevision")

# Competence and awareness (ISO 7.2, 7.3). Readers see the people of their
# units (a commune officer only their own); the document controller keeps the
# catalogue and records trainings for every unit, a commune officer for their
# own. Nobody deletes a training record or a competence.
_COMPETENCE_MODELS = ("competence", "rolecompetence", "trainingrecord")
for _role in (DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, ISO_REVIEWER, COMMUNE_OFFICER):
    grant(_role, *(f"qms.view_{name}" for name in _COMPETENCE_MODELS))
grant(
    DOCUMENT_CONTROLLER,
    "qms.add_competence",
    "qms.change_competence",
    "qms.add_rolecompetence",
    "qms.change_rolecompetence",
    "qms.delete_rolecompetence",
)
for _role in (DOCUMENT_CONTROLLER, COMMUNE_OFFICER):
    grant(_role, "qms.add_trainingrecord", "qms.change_trainingrecord")
# The working-day calendar (qms/calendar.py): everyone reads it; the site editor
# keeps it in step with the government's yearly announcement of holidays.
for _role in ROLES:
    grant(_role, "qms.view_calendarday")
grant(
    SITE_EDITOR,
    "qms.add_calendarday",
    "qms.change_calendarday",
    "qms.delete_calendarday",
)

GRANTED = True

# Digitally signed records (issue 13): staff add their own PKCS#12 file; the
# trail of signed PDFs is read within the commune scope. Signing itself needs
# the right to see the record and a certificate of one's own or one's unit.
for _role in (DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, COMMUNE_OFFICER):
    grant(_role, "qms.add_signingcredential", "qms.view_signingcredential")
for _role in (DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, ISO_REVIEWER, COMMUNE_OFFICER):
    grant(_role, "qms.view_signedrecord")
