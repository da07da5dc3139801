"""Proceedings, decisions, rulings and sentence parts; charges against several defenders,
replaced by several charges, and without an article when the offence is named.

Existing charges move into proceedings, one per case and kind of legal instrument (charges
linked by a replacement stay together, in the proceeding of the earliest of them); each
charge's defender becomes its first defender, its replacement one of its replacements; a
conviction or acquittal becomes a decision of its date on that charge, ruling on its defender
with that outcome and the sentence as it was written (as printed: nothing is invented, so the
instance is left unstated). A hearing of a case that now has exactly one proceeding belongs to
it. The old columns are removed in 0014, in a transaction of its own.
"""

import django.db.models.deletion
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models

from appeals_site.migration_operations import RenderedOnce


NEW_MODELS = ("proceeding", "decision", "ruling", "sentencepart")


def roles_grant(apps, schema_editor):
    """Give the staff roles of 0002 the same rights on the new records as on charges: viewers
    see them, editors and reviewers add, change and delete them."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    new = Permission.objects.filter(
        content_type__app_label="cases", content_type__model__in=NEW_MODELS
    )
    for group in Group.objects.filter(name__in=["viewer", "editor", "reviewer"]):
        wanted = new if group.name != "viewer" else new.filter(codename__startswith="view_")
        group.permissions.add(*wanted)


def charges_into_proceedings(apps, schema_editor):
    Charge = apps.get_model("cases", "Charge")
    Proceeding = apps.get_model("cases", "Proceeding")
    Decision = apps.get_model("cases", "Decision")
    Ruling = apps.get_model("cases", "Ruling")
    Hearing = apps.get_model("cases", "Hearing")
    charges = list(Charge.objects.order_by("case_id", "created_at", "id"))
    # Charges linked by a replacement belong to one proceeding: the group of each charge.
    group = {c.pk: c.pk for c in charges}

    def root(pk):
        while group[pk] != pk:
            pk = group[pk]
        return pk

    for charge in charges:
        if charge.replaced_by_id in group:
            group[root(charge.replaced_by_id)] = root(charge.pk)
    by_group, proceedings = {}, {}
    for charge in charges:  # the earliest charge of a group names its kind
        by_group.setdefault(root(charge.pk), (charge.case_id, charge.instrument_kind))
    for charge in charges:
        key = by_group[root(charge.pk)]
        if key not in proceedings:
            proceedings[key] = Proceeding.objects.create(case_id=key[0], kind=key[1])
        proceeding = proceedings[key]
        charge.proceeding = proceeding
        charge.defenders.add(charge.defender_id)
        if charge.replaced_by_id:
            charge.replacements.add(charge.replaced_by_id)
        if charge.status in ("convicted", "acquitted"):
            decision = Decision.objects.create(proceeding=proceeding, date=charge.decided_on)
            decision.charges.add(charge)
            Ruling.objects.create(
                decision=decision,
                defender_id=charge.defender_id,
                outcome=charge.status,
                as_printed=charge.sentence,
            )
            charge.status, charge.decided_on = "decided", None
        charge.save(update_fields=["proceeding", "status", "decided_on"])
    for case_id in {case_id for case_id, _kind in proceedings}:
        of_case = [p for (c, _kind), p in proceedings.items() if c == case_id]
        if len(of_case) == 1:
            Hearing.objects.filter(case_id=case_id).update(proceeding=of_case[0])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_appeal_issuers_and_printed_references"),
        ("defenders", "0003_shared_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        RenderedOnce(
            [
                migrations.CreateModel(
                    name="Decision",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True, db_index=True)),
                        ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                        (
                            "court",
                            models.CharField(
                                blank=True,
                                help_text="As printed; blank: not named.",
                                max_length=300,
                                verbose_name="court",
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("first_instance", "First instance"),
                                    ("appeal", "Appeal"),
                                    ("cassation", "Cassation"),
                                    ("supervisory", "Supervisory review"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="instance",
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="as printed")),
                    ],
                    options={
                        "verbose_name": "decision",
                        "verbose_name_plural": "decisions",
                        "ordering": ["proceeding", "date", "created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalCharge_defenders",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                    ],
                    options={
                        "verbose_name": "HistoricalCharge_defenders",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalDecision",
                    fields=[
                        ("id", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, db_index=True, editable=False)),
                        ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                        (
                            "court",
                            models.CharField(
                                blank=True,
                                help_text="As printed; blank: not named.",
                                max_length=300,
                                verbose_name="court",
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("first_instance", "First instance"),
                                    ("appeal", "Appeal"),
                                    ("cassation", "Cassation"),
                                    ("supervisory", "Supervisory review"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="instance",
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="as printed")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical decision",
                        "verbose_name_plural": "historical decisions",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalProceeding",
                    fields=[
                        ("id", models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, db_index=True, editable=False)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("criminal", "Criminal"),
                                    ("administrative", "Administrative"),
                                    ("other", "Other"),
                                ],
                                default="criminal",
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "criminal case No. 12345". Blank: not given.',
                                max_length=300,
                                verbose_name="name or number",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical proceeding",
                        "verbose_name_plural": "historical proceedings",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalRuling",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("convicted", "Convicted"),
                                    ("acquitted", "Acquitted"),
                                    ("dismissed", "Dismissed"),
                                    ("upheld", "Upheld"),
                                    ("overturned", "Overturned"),
                                    ("reduced", "Reduced"),
                                    ("increased", "Increased"),
                                    ("retrial", "Sent back for retrial"),
                                    ("other", "Other"),
                                ],
                                help_text="Blank: not decided yet (a sentence requested only) or not stated.",
                                max_length=16,
                                verbose_name="outcome",
                            ),
                        ),
                        (
                            "as_printed",
                            models.TextField(
                                blank=True,
                                help_text="The source's words; letters and pages read the sentence's parts.",
                                verbose_name="sentence as printed",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical ruling",
                        "verbose_name_plural": "historical rulings",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalSentencePart",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "requested",
                            models.BooleanField(
                                default=False,
                                help_text="Not imposed: asked for.",
                                verbose_name="requested by the prosecution",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("imprisonment", "Imprisonment"),
                                    ("administrative_detention", "Administrative detention"),
                                    ("restriction_of_freedom", "Restriction of freedom"),
                                    ("correctional_labour", "Correctional labour"),
                                    ("community_service", "Community service"),
                                    ("fine", "Fine"),
                                    ("travel_ban", "Ban on leaving the country"),
                                    ("profession_ban", "Ban on practising a profession"),
                                    ("activity_ban", "Ban on an activity"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "years",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="years"),
                        ),
                        (
                            "months",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="months"),
                        ),
                        ("days", models.PositiveIntegerField(blank=True, null=True, verbose_name="days")),
                        (
                            "suspension",
                            models.CharField(
                                blank=True,
                                choices=[("suspended", "Suspended"), ("probation", "On probation")],
                                max_length=16,
                                verbose_name="suspended or probation",
                            ),
                        ),
                        (
                            "suspension_years",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="for years"
                            ),
                        ),
                        (
                            "suspension_months",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="for months"
                            ),
                        ),
                        (
                            "amount",
                            models.PositiveBigIntegerField(blank=True, null=True, verbose_name="amount"),
                        ),
                        (
                            "currency",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "KGS", "roubles".',
                                max_length=30,
                                verbose_name="currency",
                            ),
                        ),
                        (
                            "detail",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "social activities".',
                                max_length=300,
                                verbose_name="what it bans or orders",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical sentence part",
                        "verbose_name_plural": "historical sentence parts",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Proceeding",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True, db_index=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("criminal", "Criminal"),
                                    ("administrative", "Administrative"),
                                    ("other", "Other"),
                                ],
                                default="criminal",
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "criminal case No. 12345". Blank: not given.',
                                max_length=300,
                                verbose_name="name or number",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proceeding",
                        "verbose_name_plural": "proceedings",
                        "ordering": ["case", "created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Ruling",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("convicted", "Convicted"),
                                    ("acquitted", "Acquitted"),
                                    ("dismissed", "Dismissed"),
                                    ("upheld", "Upheld"),
                                    ("overturned", "Overturned"),
                                    ("reduced", "Reduced"),
                                    ("increased", "Increased"),
                                    ("retrial", "Sent back for retrial"),
                                    ("other", "Other"),
                                ],
                                help_text="Blank: not decided yet (a sentence requested only) or not stated.",
                                max_length=16,
                                verbose_name="outcome",
                            ),
                        ),
                        (
                            "as_printed",
                            models.TextField(
                                blank=True,
                                help_text="The source's words; letters and pages read the sentence's parts.",
                                verbose_name="sentence as printed",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ruling",
                        "verbose_name_plural": "rulings",
                        "ordering": ["decision", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="SentencePart",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "requested",
                            models.BooleanField(
                                default=False,
                                help_text="Not imposed: asked for.",
                                verbose_name="requested by the prosecution",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("imprisonment", "Imprisonment"),
                                    ("administrative_detention", "Administrative detention"),
                                    ("restriction_of_freedom", "Restriction of freedom"),
                                    ("correctional_labour", "Correctional labour"),
                                    ("community_service", "Community service"),
                                    ("fine", "Fine"),
                                    ("travel_ban", "Ban on leaving the country"),
                                    ("profession_ban", "Ban on practising a profession"),
                                    ("activity_ban", "Ban on an activity"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "years",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="years"),
                        ),
                        (
                            "months",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="months"),
                        ),
                        ("days", models.PositiveIntegerField(blank=True, null=True, verbose_name="days")),
                        (
                            "suspension",
                            models.CharField(
                                blank=True,
                                choices=[("suspended", "Suspended"), ("probation", "On probation")],
                                max_length=16,
                                verbose_name="suspended or probation",
                            ),
                        ),
                        (
                            "suspension_years",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="for years"
                            ),
                        ),
                        (
                            "suspension_months",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="for months"
                            ),
                        ),
                        (
                            "amount",
                            models.PositiveBigIntegerField(blank=True, null=True, verbose_name="amount"),
                        ),
                        (
                            "currency",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "KGS", "roubles".',
                                max_length=30,
                                verbose_name="currency",
                            ),
                        ),
                        (
                            "detail",
                            models.CharField(
                                blank=True,
                                help_text='As printed, e.g. "social activities".',
                                max_length=300,
                                verbose_name="what it bans or orders",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "sentence part",
                        "verbose_name_plural": "sentence parts",
                        "ordering": ["ruling", "requested", "position", "id"],
                    },
                ),
            ]
        ),
        migrations.RemoveConstraint(
            model_name="charge",
            name="charge_not_replaced_by_itself",
        ),
        migrations.RemoveConstraint(
            model_name="charge",
            name="charge_replaced_names_replacement",
        ),
        migrations.RemoveConstraint(
            model_name="charge",
            name="charge_sentence_only_on_conviction",
        ),
        RenderedOnce(
            [
                migrations.AddField(
                    model_name="charge",
                    name="defenders",
                    field=models.ManyToManyField(
                        related_name="charges", to="defenders.defender", verbose_name="defenders"
                    ),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="article",
                    field=models.CharField(
                        blank=True,
                        help_text='e.g. "212.2"; blank: not given.',
                        max_length=50,
                        verbose_name="article",
                    ),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="instrument",
                    field=models.CharField(
                        blank=True,
                        help_text="e.g. Criminal Code",
                        max_length=200,
                        verbose_name="legal instrument",
                    ),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="offence",
                    field=models.CharField(
                        blank=True,
                        help_text="As worded in the law or the source.",
                        max_length=500,
                        verbose_name="offence",
                    ),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("replaced", "Replaced"),
                            ("dropped", "Dropped"),
                            ("decided", "Decided by a court"),
                        ],
                        default="pending",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="hearing",
                    name="court",
                    field=models.CharField(
                        blank=True,
                        help_text="Blank: the court is not named.",
                        max_length=300,
                        verbose_name="court",
                    ),
                ),
                migrations.AlterField(
                    model_name="hearing",
                    name="purpose",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("remand", "Remand"),
                            ("detention_extension", "Extension of detention"),
                            ("preliminary", "Preliminary hearing"),
                            ("trial_opening", "First hearing of the trial"),
                            ("trial", "Trial hearing"),
                            ("verdict", "Verdict"),
                            ("appeal", "Appeal"),
                            ("cassation", "Cassation"),
                            ("other", "Other"),
                        ],
                        help_text="Blank: not stated.",
                        max_length=32,
                        verbose_name="purpose",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcharge",
                    name="article",
                    field=models.CharField(
                        blank=True,
                        help_text='e.g. "212.2"; blank: not given.',
                        max_length=50,
                        verbose_name="article",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcharge",
                    name="instrument",
                    field=models.CharField(
                        blank=True,
                        help_text="e.g. Criminal Code",
                        max_length=200,
                        verbose_name="legal instrument",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcharge",
                    name="offence",
                    field=models.CharField(
                        blank=True,
                        help_text="As worded in the law or the source.",
                        max_length=500,
                        verbose_name="offence",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcharge",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("replaced", "Replaced"),
                            ("dropped", "Dropped"),
                            ("decided", "Decided by a court"),
                        ],
                        default="pending",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalhearing",
                    name="court",
                    field=models.CharField(
                        blank=True,
                        help_text="Blank: the court is not named.",
                        max_length=300,
                        verbose_name="court",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalhearing",
                    name="purpose",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("remand", "Remand"),
                            ("detention_extension", "Extension of detention"),
                            ("preliminary", "Preliminary hearing"),
                            ("trial_opening", "First hearing of the trial"),
                            ("trial", "Trial hearing"),
                            ("verdict", "Verdict"),
                            ("appeal", "Appeal"),
                            ("cassation", "Cassation"),
                            ("other", "Other"),
                        ],
                        help_text="Blank: not stated.",
                        max_length=32,
                        verbose_name="purpose",
                    ),
                ),
            ]
        ),
        RenderedOnce(
            [
                migrations.AddField(
                    model_name="decision",
                    name="charges",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="decisions",
                        to="cases.charge",
                        verbose_name="charges ruled on",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcharge_defenders",
                    name="charge",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.charge",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcharge_defenders",
                    name="defender",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="defenders.defender",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcharge_defenders",
                    name="history",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="cases.historicalcharge",
                    ),
                ),
                migrations.AddField(
                    model_name="historicaldecision",
                    name="history_user",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name="historicalproceeding",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalproceeding",
                    name="history_user",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name="historicalruling",
                    name="decision",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.decision",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalruling",
                    name="defender",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="defenders.defender",
                        verbose_name="defender",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalruling",
                    name="history_user",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name="historicalsentencepart",
                    name="charge",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Blank: the overall sentence over the charges ruled on.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.charge",
                        verbose_name="for the charge",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalsentencepart",
                    name="history_user",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name="proceeding",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proceedings",
                        to="cases.case",
                    ),
                ),
                migrations.AddField(
                    model_name="historicaldecision",
                    name="proceeding",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="decision",
                    name="proceeding",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="charge",
                    name="proceeding",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="charges",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="hearing",
                    name="proceeding",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="hearings",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcharge",
                    name="proceeding",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalhearing",
                    name="proceeding",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AddField(
                    model_name="ruling",
                    name="decision",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rulings",
                        to="cases.decision",
                    ),
                ),
                migrations.AddField(
                    model_name="ruling",
                    name="defender",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rulings",
                        to="defenders.defender",
                        verbose_name="defender",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalsentencepart",
                    name="ruling",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.ruling",
                    ),
                ),
                migrations.AddField(
                    model_name="sentencepart",
                    name="charge",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Blank: the overall sentence over the charges ruled on.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cases.charge",
                        verbose_name="for the charge",
                    ),
                ),
                migrations.AddField(
                    model_name="sentencepart",
                    name="ruling",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sentence_parts",
                        to="cases.ruling",
                    ),
                ),
                migrations.AddField(
                    model_name="charge",
                    name="replacements",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", to="cases.charge", verbose_name="replaced by"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ruling",
                    constraint=models.UniqueConstraint(
                        fields=("decision", "defender"),
                        name="ruling_once_per_defender",
                        violation_error_message="The decision already rules on this defender.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sentencepart",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount__isnull", True), ("kind", "fine"), _connector="OR"),
                        name="sentence_part_amount_only_on_fine",
                        violation_error_message="Only a fine has an amount.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sentencepart",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "fine"), _negated=True),
                            ("amount__isnull", False),
                            _connector="OR",
                        ),
                        name="sentence_part_fine_has_amount",
                        violation_error_message="Give the fine's amount.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sentencepart",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("suspension", ""), _negated=True),
                            models.Q(
                                ("suspension_months__isnull", True), ("suspension_years__isnull", True)
                            ),
                            _connector="OR",
                        ),
                        name="sentence_part_suspension_term_when_suspended",
                        violation_error_message="A term of suspension or probation goes with a suspended sentence or probation.",
                    ),
                ),
            ]
        ),
        migrations.RunPython(charges_into_proceedings, migrations.RunPython.noop),
        migrations.RunPython(roles_grant, migrations.RunPython.noop),
    ]
