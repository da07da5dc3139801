# Letters moved here from the cases app, whose migration 0004 made their table and whose 0009
# renamed it letters_letter: this only tells Django's state, and carries the content type over
# so that permissions given on letters and admin log entries stay attached.

import django.db.models.deletion
import django_countries.fields
import uuid
from django.db import migrations, models

import letters.models


def content_type_to(app_label_from, app_label_to):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        # A database migrated from scratch has no content types yet: nothing to move.
        if not ContentType.objects.filter(app_label=app_label_to, model="letter").exists():
            ContentType.objects.filter(app_label=app_label_from, model="letter").update(
                app_label=app_label_to
            )

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("authorities", "0001_initial"),
        ("cases", "0009_letter_moves_to_letters"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Letter',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('language', models.CharField(choices=[('en', 'English'), ('fr', 'Français'), ('es', 'Español'), ('ru', 'Русский')], max_length=8, verbose_name='language')),
                        ('campaigner_name', models.CharField(blank=True, max_length=200, verbose_name="campaigner's name")),
                        ('campaigner_organisation', models.CharField(blank=True, max_length=200, verbose_name="campaigner's organisation")),
                        ('campaigner_city', models.CharField(blank=True, max_length=200, verbose_name="campaigner's city")),
                        ('campaigner_country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name="campaigner's country")),
                        ('is_standard', models.BooleanField(default=True, help_text='No campaigner fields: lines to sign by hand.', verbose_name='standard')),
                        ('render_key', models.CharField(editable=False, max_length=64, unique=True, verbose_name='render key')),
                        ('template_version', models.CharField(editable=False, max_length=64, verbose_name='template version')),
                        ('html', models.TextField(editable=False, verbose_name='HTML')),
                        ('pdf', models.FileField(blank=True, editable=False, upload_to=letters.models.letter_pdf_path, verbose_name='PDF')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed')], db_index=True, default='pending', max_length=16, verbose_name='status')),
                        ('error', models.TextField(blank=True, editable=False, verbose_name='last error')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='attempts')),
                        ('render_ms', models.PositiveIntegerField(editable=False, null=True, verbose_name='render time (ms)')),
                        ('claimed_at', models.DateTimeField(editable=False, null=True, verbose_name='render started')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='requested')),
                        ('rendered_at', models.DateTimeField(editable=False, null=True, verbose_name='rendered')),
                        ('appeal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='cases.appeal', verbose_name='appeal')),
                        ('authority', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='authorities.authority', verbose_name='authority')),
                    ],
                    options={
                        'verbose_name': 'letter',
                        'verbose_name_plural': 'letters',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['appeal', 'is_standard'], name='letter_appeal_standard')],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_type_to("cases", "letters"), content_type_to("letters", "cases")
        ),
    ]
