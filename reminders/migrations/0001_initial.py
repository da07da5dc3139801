# Reminders moved here from the cases app, whose migration 0006 made their tables and whose
# 0011 renamed them reminders_*: this only tells Django's state. It also carries their content
# types over (so that permissions given on them, and so the groups holding those, and admin log
# entries stay attached), and renames the tasks that beat's periodic tasks name
# (cases.reminders.tasks.* are reminders.tasks.* now). On an empty database there is nothing to
# carry over: both steps then change nothing.

import appeals_site.models
import django.core.validators
import django.db.models.deletion
import django_countries.fields
import uuid
from django.conf import settings
from django.db import migrations, models
from django.utils.timezone import now


MOVED = ["reminderrule", "notificationsettings", "subscription", "digest", "reminder"]
OLD_TASKS, NEW_TASKS = "cases.reminders.tasks.", "reminders.tasks."


def content_types_to(app_label_from, app_label_to):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MOVED:
            # A database migrated from scratch has no content types yet: nothing to move.
            if not ContentType.objects.filter(app_label=app_label_to, model=model).exists():
                ContentType.objects.filter(app_label=app_label_from, model=model).update(
                    app_label=app_label_to
                )

    return move


def periodic_tasks_renamed(old_prefix, new_prefix):
    def rename(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        renamed = 0
        for periodic in PeriodicTask.objects.filter(task__startswith=old_prefix):
            new_name = new_prefix + periodic.task.removeprefix(old_prefix)
            renamed += PeriodicTask.objects.filter(pk=periodic.pk).update(task=new_name)
        if renamed:
            # A running beat reloads its schedule when this changes (what
            # PeriodicTasks.update_changed() does, which a historical model lacks).
            PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": now()})

    return rename


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cases", "0011_reminders_move_to_reminders"),
        ("partners", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Digest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='idempotency key')),
                        ('local_date', models.DateField(verbose_name="day (recipient's time zone)")),
                        ('state', models.CharField(choices=[('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='sending', max_length=16, verbose_name='state')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('lease_until', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('next_attempt_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'digest',
                        'verbose_name_plural': 'digests',
                        'ordering': ['-local_date'],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('delivery', models.CharField(choices=[('immediate', 'One e-mail each, at once'), ('digest', 'One daily digest')], default='immediate', max_length=16, verbose_name='delivery')),
                        ('time_zone', models.CharField(default='UTC', max_length=64, validators=[appeals_site.models.validate_time_zone], verbose_name='my time zone')),
                        ('digest_time', models.TimeField(default='07:00', help_text='Local time, in my time zone.', verbose_name='digest at')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_settings', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification settings',
                        'verbose_name_plural': 'notification settings',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(choices=[('hearing', 'Hearing'), ('term_end', 'Detention term runs out')], max_length=16, verbose_name='before')),
                        ('days_before', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(366)], verbose_name='days before')),
                        ('at_local_time', models.TimeField(blank=True, help_text="Local time of the court (hearings) or of the case (terms) on that day. Empty for a hearing: the same time as the hearing, so many days earlier. A term's rule needs it.", null=True, verbose_name='at local time')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'reminder rule',
                        'verbose_name_plural': 'reminder rules',
                        'ordering': ['subject', '-days_before', 'at_local_time'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('subject', 'hearing'), ('at_local_time__isnull', False), _connector='OR'), name='reminder_rule_term_end_has_time', violation_error_message='A rule before a term runs out needs a local time (e.g. 08:00).')],
                    },
                ),
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='idempotency key')),
                        ('dedupe_key', models.CharField(editable=False, max_length=255, unique=True)),
                        ('kind', models.CharField(choices=[('hearing_upcoming', 'Hearing coming up'), ('term_ending', 'Detention term runs out'), ('hearing_moved', 'Hearing moved'), ('hearing_cancelled', 'Hearing cancelled or postponed'), ('case_changed', 'Case changed')], max_length=24, verbose_name='kind')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('webhook', 'Webhook'), ('digest', 'Daily digest')], max_length=16, verbose_name='channel')),
                        ('state', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='pending', max_length=16, verbose_name='state')),
                        ('occurs_at', models.DateTimeField(verbose_name='about (hearing or term end)')),
                        ('due_at', models.DateTimeField(verbose_name='due')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('lease_until', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('cancel_reason', models.CharField(blank=True, max_length=200, verbose_name='why cancelled')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='cases.case', verbose_name='case')),
                        ('detention_period', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='cases.detentionperiod', verbose_name='detention period')),
                        ('digest', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminders', to='reminders.digest')),
                        ('hearing', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='cases.hearing', verbose_name='hearing')),
                        ('partner', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='partners.partner', verbose_name='partner')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL, verbose_name='staff member')),
                        ('rule', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminders', to='reminders.reminderrule', verbose_name='rule')),
                    ],
                    options={
                        'verbose_name': 'reminder',
                        'verbose_name_plural': 'reminders',
                        'ordering': ['due_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Subscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('country', django_countries.fields.CountryField(blank=True, db_index=True, max_length=2, verbose_name='country')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='since')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='cases.case', verbose_name='case')),
                        ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='partners.partner', verbose_name='partner')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to=settings.AUTH_USER_MODEL, verbose_name='staff member')),
                    ],
                    options={
                        'verbose_name': 'subscription',
                        'verbose_name_plural': 'subscriptions',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='digest',
                    constraint=models.UniqueConstraint(fields=('user', 'local_date'), name='one_digest_a_day'),
                ),
                migrations.AddIndex(
                    model_name='reminder',
                    index=models.Index(condition=models.Q(('state', 'pending'), models.Q(('channel', 'digest'), _negated=True)), fields=['due_at'], name='reminder_pending_due'),
                ),
                migrations.AddIndex(
                    model_name='reminder',
                    index=models.Index(condition=models.Q(('state', 'sending')), fields=['lease_until'], name='reminder_lease'),
                ),
                migrations.AddIndex(
                    model_name='reminder',
                    index=models.Index(condition=models.Q(('channel', 'digest'), ('state', 'pending')), fields=['user', 'due_at'], name='reminder_digest_pending'),
                ),
                migrations.AddIndex(
                    model_name='reminder',
                    index=models.Index(condition=models.Q(('digest__isnull', False)), fields=['digest'], name='reminder_in_digest'),
                ),
                migrations.AddConstraint(
                    model_name='reminder',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('partner__isnull', True), ('user__isnull', False)), models.Q(('partner__isnull', False), ('user__isnull', True)), _connector='OR'), name='reminder_to_staff_or_partner'),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('partner__isnull', True), ('user__isnull', False)), models.Q(('partner__isnull', False), ('user__isnull', True)), _connector='OR'), name='subscription_by_staff_or_partner', violation_error_message="A subscription is a staff member's or a partner's."),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('case__isnull', False), ('country', '')), models.Q(('case__isnull', True), models.Q(('country', ''), _negated=True)), _connector='OR'), name='subscription_to_case_or_country', violation_error_message='Follow a case or a country, one of them.'),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', False), ('user__isnull', False)), fields=('user', 'case'), name='subscription_user_case_once', violation_error_message='This staff member follows this case already.'),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', True), ('user__isnull', False)), fields=('user', 'country'), name='subscription_user_country_once', violation_error_message='This staff member follows this country already.'),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', False), ('partner__isnull', False)), fields=('partner', 'case'), name='subscription_partner_case_once', violation_error_message='This partner follows this case already.'),
                ),
                migrations.AddConstraint(
                    model_name='subscription',
                    constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', True), ('partner__isnull', False)), fields=('partner', 'country'), name='subscription_partner_country_once', violation_error_message='This partner follows this country already.'),
                ),
            ],
        ),
        migrations.RunPython(
            content_types_to("cases", "reminders"), content_types_to("reminders", "cases")
        ),
        migrations.RunPython(
            periodic_tasks_renamed(OLD_TASKS, NEW_TASKS),
            periodic_tasks_renamed(NEW_TASKS, OLD_TASKS),
        ),
    ]
