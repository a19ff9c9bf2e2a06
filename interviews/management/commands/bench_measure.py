"""`manage.py bench_measure`: time the pages of a seeded benchmark database.

`manage.py bench` runs it in a fresh process after seeding; the harness is
interviews.bench.measuring.
"""

from django.core.management.base import BaseCommand

from interviews.bench.measuring import measure_to_file


class Command(BaseCommand):
    help = "Measure the pages of a seeded benchmark database (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=100)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--json", default="", help="Write the results to this file.")
        parser.add_argument(
            "--only", choices=["export"], default="", help="Measure only the CSV export."
        )

    def handle(self, *args, **options):
        measure_to_file(
            samples=options["samples"],
            scale=options["scale"],
            log=self.stdout.write,
            only=options["only"],
            json_path=options["json"],
        )
