# The SQL is built from model table and column names only, never from input (S608).
# ruff: noqa: S608
"""Writing generated rows: PostgreSQL COPY (one connection, or several at once),
executemany on SQLite (the test suite's tiny scales only)."""

import queue
import threading
import uuid
from datetime import date, datetime

from django.core.management.base import CommandError
from django.db import connection, transaction


class Writer:
    """COPY on PostgreSQL; executemany elsewhere (tiny scales only)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def write(self, model, columns: list[str], rows) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
                batch = []
                for row in rows:
                    batch.append(self._adapt(row))
                    if len(batch) == 5_000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    def write_in_parallel(self, model, columns: list[str], rows, *, streams: int, prepare) -> int:
        """COPY one table over several connections at once, one transaction each:
        the rows are generated here, the server indexes them on every core."""
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {table} ({names}) FROM STDIN"
        queues = [queue.Queue(maxsize=8) for _ in range(streams)]
        errors = []

        def consume(batches):
            try:
                with transaction.atomic():
                    prepare()
                    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                        while (batch := batches.get()) is not None:
                            for row in batch:
                                copy.write_row(row)
            except Exception as error:  # re-raised in the main thread below
                errors.append(error)
                while batches.get() is not None:
                    pass
            finally:
                connection.close()

        threads = [threading.Thread(target=consume, args=(batches,)) for batches in queues]
        for thread in threads:
            thread.start()
        count, batch, turn = 0, [], 0
        try:
            for row in rows:
                batch.append(row)
                if len(batch) == 2_000:
                    queues[turn % streams].put(batch)
                    count, batch, turn = count + len(batch), [], turn + 1
            if batch:
                queues[turn % streams].put(batch)
                count += len(batch)
        finally:
            for batches in queues:
                batches.put(None)
            for thread in threads:
                thread.join()
        if errors:
            raise errors[0]
        return count

    @staticmethod
    def _adapt(row):
        return [
            connection.ops.adapt_datetimefield_value(value)
            if isinstance(value, datetime)
            else connection.ops.adapt_datefield_value(value)
            if isinstance(value, date)
            else value.hex
            if isinstance(value, uuid.UUID)
            else value
            for value in row
        ]


def check_columns(model, columns: list[str]) -> None:
    """Every column of the table is written (no silent NULL or missing default)."""
    concrete = {f.column for f in model._meta.concrete_fields}
    if set(columns) != concrete:
        raise CommandError(
            f"bench_seed writes {model._meta.db_table} with columns {sorted(columns)}, "
            f"but the model has {sorted(concrete)}: update the benchmark seeder."
        )


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}"
        )
        return cursor.fetchone()[0] + 1
