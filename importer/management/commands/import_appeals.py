"""python manage.py import_appeals FOLDER: receive and read every archived appeal in a folder."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from importer.bulk import archive_import, report_write
from importer.services import LANGUAGES


class Command(BaseCommand):
    help = (
        "Receive and read every .txt, .html, .htm, .docx and .pdf file under FOLDER, here and "
        "now, and write a report (CSV and HTML) of what each file gave. Run again, it adds "
        "nothing already imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--user", help="The staff member the documents are received by.")
        parser.add_argument("--language", default="", choices=("", *LANGUAGES))
        parser.add_argument("--report-dir", type=Path, default=Path("."))

    def handle(self, *args, folder: Path, user, language: str, report_dir: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        received_by = None
        if user:
            received_by = get_user_model().objects.filter(username=user, is_staff=True).first()
            if received_by is None:
                raise CommandError(f"No staff member has the username {user!r}.")
        run = archive_import(
            folder=folder,
            received_by=received_by,
            language=language,
            progress=lambda files: tqdm(files, desc=str(folder), unit="file", disable=None),
        )
        csv_path, html_path = report_write(run, report_dir)
        self.stdout.write(run.summary())
        self.stdout.write(f"Report: {csv_path} {html_path}")
