from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assignments", "0013_search_postgres")]

    operations = []
