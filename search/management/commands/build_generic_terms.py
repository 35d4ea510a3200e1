from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.matching.generic_terms import GENERIC_TERMS_PATH, generic_terms_derive


class Command(BaseCommand):
    help = "Derive the words too common to carry a demand match alone from document frequencies (see generic_terms)."

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, default=Path(settings.BASE_DIR).parent / "shared" / "data")

    def handle(self, *args, data: Path, **options):
        if not (data / "cn_patents.jsonl").exists():
            raise CommandError(f"{data} holds no cn_patents.jsonl")
        terms = generic_terms_derive(data)
        GENERIC_TERMS_PATH.write_text("\n".join(terms) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(terms)} generic terms written to {GENERIC_TERMS_PATH}")
