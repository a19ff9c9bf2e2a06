"""`manage.py bench_seed`: a large, realistic dataset for the benchmark (`make bench`).

The seeder is interviews.bench.seeding; use an empty, migrated database.
"""

from django.core.management.base import BaseCommand

from interviews.bench.seeding import seed_empty_database


class Command(BaseCommand):
    help = "Seed the benchmark database (see `make bench`). Use an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, **options):
        seed_empty_database(scale=options["scale"], log=self.stdout.write)
