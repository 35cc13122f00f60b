"""Delete Wagtail's default "Editors" and "Moderators" groups when nobody is in them.

Wagtail's own data migrations (wagtailcore 0002, then wagtailadmin, images and
documents) create the two groups and give them admin access, page and
collection rights. This project's roles are the groups of ``qms.organisation.roles``
(``sync_roles``), so the two only confuse whoever assigns roles.

A group with users is left alone: deleting it would silently take rights
away from those people, and who belongs where is an administrator's decision.
A group without users grants nothing to anyone, so deleting it changes no
one's access. Its page, collection and approval-task links go with it: a
view restriction or approval task left with no group is, like one whose
group is empty, open to superusers only. Runs after every Wagtail migration
that creates or fills the groups (wagtailcore 0098 is a dependency of 0001).
"""

from django.conf import settings
from django.db import migrations
from django.db.models import ProtectedError, RestrictedError

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_unused_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if User.objects.filter(groups=group).exists():
            continue
        try:
            group.delete()
        except (ProtectedError, RestrictedError):
            # Something refuses to lose the group: keep it rather than fail
            # the whole migrate.
            continue


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0005_private_attachments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            remove_unused_default_groups, migrations.RunPython.noop, elidable=False
        ),
    ]
