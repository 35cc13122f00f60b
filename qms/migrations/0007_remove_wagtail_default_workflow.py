"""Delete Wagtail's default "Moderators approval" workflow and task when unused.

Wagtail's migration wagtailcore 0048 creates them for its "Moderators" group,
which 0006 removes when empty. This project publishes through its own
workflow, "Phê duyệt trang công khai" (``qms.organisation.page_permissions``, on the root
page), so the English-named leftover only shows up in the Workflows and
Tasks lists. It is deleted only when nothing uses it: no page below the root
or snippet type assigned, no moderation ever started on it. Otherwise an
administrator decides.
"""

from django.db import migrations

NAME = "Moderators approval"


def remove_unused_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    for workflow in Workflow.objects.filter(name=NAME):
        if (
            # 0048 puts it on the root, which qms.organisation.page_permissions gives to
            # the project's workflow after every migrate: not a choice to keep
            WorkflowPage.objects.filter(workflow=workflow)
            .exclude(page__depth=1)
            .exists()
            or WorkflowContentType.objects.filter(workflow=workflow).exists()
            or WorkflowState.objects.filter(workflow=workflow).exists()
        ):
            continue
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list(
                "task_id", flat=True
            )
        )
        workflow.delete()
        for task in Task.objects.filter(pk__in=task_ids, name=NAME):
            if (
                WorkflowTask.objects.filter(task=task).exists()
                or TaskState.objects.filter(task=task).exists()
            ):
                continue
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0006_remove_wagtail_default_groups"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [
        migrations.RunPython(
            remove_unused_default_workflow, migrations.RunPython.noop, elidable=False
        ),
    ]
