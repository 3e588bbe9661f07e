"""Notifications are sent by the worker: record whether each email went, when, after how many attempts.

`sent_at` was the time the row was made (the email then went at once); it is now `created_at`, and
`delivered_at` is when the worker handed the email to the mail server. Rows from before were sent at once.
"""

from django.db import migrations, models
from django.db.models import F


def earlier_rows_were_sent(apps, schema_editor):
    Notification = apps.get_model("assessments", "Notification")
    Notification.objects.update(status="sent", attempts=1, delivered_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_team_headcounts_realistic")]

    operations = [
        migrations.RenameField("notification", "sent_at", "created_at"),
        migrations.AlterModelOptions(name="notification", options={"ordering": ["-created_at", "-pk"]}),
        migrations.AddField(
            model_name="notification",
            name="status",
            field=models.CharField(
                choices=[("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="notification", name="attempts", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="notification", name="delivered_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="notification", name="last_error", field=models.CharField(blank=True, max_length=255)
        ),
        migrations.RunPython(earlier_rows_were_sent, migrations.RunPython.noop),
    ]
