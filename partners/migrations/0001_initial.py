# Partners and API keys moved here from the API's app (label "api"): their tables are renamed,
# their rows stay, and their content types follow (so permissions given on them and admin log
# entries stay attached). cases/0010 then points the reminders at partners.Partner, and
# api/0003 drops the models from the API app's state.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

import appeals_site.models
import partners.models

MOVED = ("partner", "apikey")


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


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("api", "0002_reminders"),
        # After every migration that still names api.partner (cases/0006 made the reminders'
        # foreign keys to it).
        ("cases", "0009_letter_moves_to_letters"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE api_partner RENAME TO partners_partner",
                    "ALTER TABLE partners_partner RENAME TO api_partner",
                ),
                migrations.RunSQL(
                    "ALTER TABLE api_apikey RENAME TO partners_apikey",
                    "ALTER TABLE partners_apikey RENAME TO api_apikey",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Partner',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True, db_index=True)),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('calendar_token_hash', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                        ('calendar_token_prefix', models.CharField(blank=True, editable=False, max_length=16, verbose_name='calendar URL starts with')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('webhook_url', models.URLField(blank=True, help_text='HTTPS. Reminders are POSTed here as JSON, signed with the webhook secret.', validators=[partners.models.validate_webhook_url], verbose_name='webhook URL')),
                        ('webhook_secret', models.CharField(blank=True, editable=False, max_length=100)),
                        ('time_zone', models.CharField(default='UTC', help_text="Reminders give times in the court's time zone and in this one.", max_length=64, validators=[appeals_site.models.validate_time_zone], verbose_name='time zone')),
                    ],
                    options={
                        'verbose_name': 'partner',
                        'verbose_name_plural': 'partners',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ApiKey',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                        ('prefix', models.CharField(editable=False, max_length=16, verbose_name='key starts with')),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                        ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='expires')),
                        ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to=settings.AUTH_USER_MODEL)),
                        ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to='partners.partner')),
                    ],
                    options={
                        'verbose_name': 'API key',
                        'verbose_name_plural': 'API keys',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('partner__isnull', False), ('user__isnull', True)), models.Q(('partner__isnull', True), ('user__isnull', False)), _connector='OR'), name='api_key_held_by_partner_or_staff', violation_error_message='A key belongs to a partner or to a member of staff.')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to("api", "partners"), content_types_to("partners", "api")),
    ]
