"""An exchange that an approved submission made was first published when it was approved.

exchanges 0026 gave every published exchange its `created` time as its first publication; where
an approved new-exchange submission names the exchange it made (published_exchange) and when it
was decided, that is the better evidence, and it is taken: one UPDATE of those exchanges alone.
Suggested changes are left out: approving one publishes nothing new. Drafts keep none.
"""

from django.db import migrations
from django.db.models import Exists, Min, OuterRef, Subquery


def published_when_approved(apps, schema_editor):
    Exchange = apps.get_model("exchanges", "Exchange")
    Submission = apps.get_model("contributions", "Submission")
    using = schema_editor.connection.alias
    approvals = Submission.objects.using(using).filter(
        published_exchange=OuterRef("pk"), kind="new", status="approved", decided_at__isnull=False
    )
    first_approval = approvals.order_by().values("published_exchange").annotate(first=Min("decided_at"))
    Exchange.objects.using(using).filter(Exists(approvals), status="published").update(
        published=Subquery(first_approval.values("first"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0009_form_key"),
        ("exchanges", "0026_first_published"),
    ]

    operations = [
        migrations.RunPython(published_when_approved, migrations.RunPython.noop),
    ]
