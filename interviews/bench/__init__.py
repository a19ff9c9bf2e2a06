"""The benchmark behind `make bench` (`manage.py bench`, `bench_seed`, `bench_measure`).

- `pools`: the names, employers, titles, texts and weights the seed draws from;
- `copying`: the COPY writer (and the executemany fallback on SQLite);
- `seeding`: the seeder, one module per stage (people, calendar, requests, their
  meetings/notes/slots, what is derived in SQL, the checks and row counts);
- `results`: the targets and what a run measured; `measuring`: the page harness;
- `running`: one run end to end; `report`: BENCHMARKS.md.
"""
