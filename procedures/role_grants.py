"""What each role may do with the public website's models.

Page rights themselves are tree permissions (qms.organisation.page_permissions): site
editors draft procedure pages, approvers publish them through the workflow.
Fields (lĩnh vực) are plain snippets: editors keep the list, the ISO reviewer
reads it.
"""

from qms.organisation.roles import APPROVER, ISO_REVIEWER, SITE_EDITOR, grant

grant(
    SITE_EDITOR,
    "procedures.add_sector",
    "procedures.change_sector",
    "procedures.view_sector",
)
grant(
    APPROVER,
    "procedures.add_sector",
    "procedures.change_sector",
    "procedures.delete_sector",
    "procedures.view_sector",
)
grant(ISO_REVIEWER, "procedures.view_sector")

GRANTED = True
