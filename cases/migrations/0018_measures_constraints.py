"""The checks of measures' terms and ends, once their dates are filled in (cases 0014)."""

from django.db import migrations, models

from appeals_site.migration_operations import RenderedOnce


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_measures_fill_dates_and_closings")]

    operations = [
        RenderedOnce(
            [
                migrations.AddConstraint(
                    model_name='detentionextension',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('term_days__isnull', True), ('term_months__isnull', True)), models.Q(('term_days__isnull', True), ('until__isnull', True)), models.Q(('term_months__isnull', True), ('until__isnull', True)), _connector='OR'), name='extension_term_one_way', violation_error_message='Give the extension in days, in months or by the date it runs to: one of them, or none when its length is not known.'),
                ),
                migrations.AddConstraint(
                    model_name='detentionperiod',
                    constraint=models.CheckConstraint(condition=models.Q(('actual_end__isnull', True), models.Q(('actual_end_latest__gte', models.F('start_date')), ('actual_end_latest__isnull', False)), models.Q(('actual_end__gte', models.F('start_date')), ('actual_end_latest__isnull', True)), _connector='OR'), name='detention_ends_after_it_starts', violation_error_message='A measure cannot end before it starts.'),
                ),
                migrations.AddConstraint(
                    model_name='detentionperiod',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('term_days__isnull', True), ('term_months__isnull', True)), models.Q(('term_days__isnull', True), ('term_until__isnull', True)), models.Q(('term_months__isnull', True), ('term_until__isnull', True)), _connector='OR'), name='detention_term_one_way', violation_error_message='Give the term in days, in months or by the date it runs to: one of them.'),
                ),
            ]
        ),
    ]
