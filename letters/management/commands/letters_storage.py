"""python manage.py letters_storage: the letters' count and bytes by kind and status."""

from django.core.management.base import BaseCommand

from letters.retention import letter_storage_figures


class Command(BaseCommand):
    help = (
        "Print the letters' count and bytes (PDF files and stored HTML) by kind (standard, "
        "personalised) and status."
    )

    def handle(self, *args, **options):
        rows = letter_storage_figures()
        header = ("kind", "status", "letters", "pdf_bytes", "html_bytes", "total_bytes")
        table = [header]
        totals = [0, 0, 0]
        for row in rows:
            figures = [row["letters"], row["pdf_bytes"], row["html_bytes"]]
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            table.append(
                (row["kind"], row["status"], *map(str, figures), str(figures[1] + figures[2]))
            )
        table.append(("all", "", *map(str, totals), str(totals[1] + totals[2])))
        widths = [max(len(line[i]) for line in table) for i in range(len(header))]
        for line in table:
            cells = [
                cell.ljust(width) if i < 2 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
