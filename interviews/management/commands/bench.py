"""`manage.py bench` (`make bench`): seed a large dataset, time the pages, write BENCHMARKS.md.

    DATABASE_URL=postgres://.../careerconnect_bench manage.py bench --reset --output BENCHMARKS.md

The work is in interviews/bench/ (see interviews.bench.running).
"""

from django.core.management.base import BaseCommand

from interviews.bench.running import bench


class Command(BaseCommand):
    help = "Seed a large dataset, time the pages, and write BENCHMARKS.md (`make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--samples", type=int, default=100)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Drop, recreate and migrate the database first (its name must contain 'bench').",
        )
        parser.add_argument("--output", default="", help="Write the report to this file.")

    def handle(self, *args, **options):
        bench(
            scale=options["scale"],
            samples=options["samples"],
            reset=options["reset"],
            output=options["output"],
            log=self.stdout.write,
        )
