import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('concerns', '0001_partner_concerns'),
        ('organisations', '0002_reporting_lines'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConcernPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('response_days', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(90)], verbose_name="days we give ourselves to answer a partner's concern")),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='concern_policy', to='organisations.organisation')),
            ],
            options={
                'verbose_name': 'concern policy',
            },
        ),
    ]
