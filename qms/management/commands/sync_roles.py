"""``manage.py sync_roles``: bring the role groups' permissions in line."""

from django.core.management.base import BaseCommand

from qms.organisation.page_permissions import page_permissions_sync
from qms.organisation.roles import roles_sync


class Command(BaseCommand):
    """Recreate role groups and their model, page and collection permissions."""

    help = "Đồng bộ nhóm vai trò và quyền."

    def handle(self, *args, **options):
        for name, count in roles_sync().items():
            self.stdout.write(f"{name}: {count} quyền")
        page_permissions_sync()
