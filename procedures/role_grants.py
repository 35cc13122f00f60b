"""What each role may do with the public website's models.

Page rights themselves are tree permissions (qms.page_permissions).
"""

GRANTED = True
