"""`manage.py generate_cases --count N`: random fictional cases for benchmarks."""

import random

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.generator import cases_generate


class _Stream:
    """The command's stderr as the plain file tqdm expects: Django's OutputWrapper would end
    every write with a newline (and colour it), which breaks a bar redrawn with carriage
    returns."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, style_func=str, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Generate N random, fictional cases for benchmarks, each with 1-4 defenders, 0-5 "
        "charges, 0-3 detention periods (with extensions), 0-4 hearings, 3-10 events and 3-8 "
        "target authorities drawn from a pool of authorities created per country; some "
        "published cases get appeals issued through the normal service (unique references), "
        "some another issuer's documents recorded as printed, and their records name the "
        "appeal that stated them. Charges may be joint or replaced by two, convictions have "
        "sentences in parts and some an appeal decision; some cases have measures besides "
        "detention, dates known only roughly, unnamed people; defenders have affiliations "
        "and some other spellings. "
        "Records are written with bulk inserts and get NO history rows (django-simple-history) "
        "unless --with-history is given, which roughly doubles the time. Dates are drawn "
        "around today; the same --seed on the same day gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many cases.")
        parser.add_argument(
            "--seed", type=int, default=None, help="Seed for reproducible data (default: random)."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Cases written per transaction (default 500).",
        )
        parser.add_argument(
            "--with-history",
            action="store_true",
            help="Also write a history row for every record (bulk_create_with_history).",
        )

    def handle(self, *args, count: int, seed: int | None, batch_size: int, **options):
        if count < 1:
            raise CommandError(f"--count must be a positive number of cases, not {count}.")
        if batch_size < 1:
            raise CommandError(f"--batch-size must be a positive number, not {batch_size}.")
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        with tqdm(
            total=count,
            unit="case",
            file=_Stream(self.stderr),
            disable=options["verbosity"] == 0,
            dynamic_ncols=True,
        ) as bar:
            result = cases_generate(
                count=count,
                seed=seed,
                batch_size=batch_size,
                with_history=options["with_history"],
                on_progress=bar.update,
            )
        self.stdout.write(result.summary())
