import json

from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchError, SearchQuery, SearchUnavailable
from search.selectors import listing_search


class Command(BaseCommand):
    help = "Search the published listings as the site does and print the best matches."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", dest="as_json", help="print a JSON list")

    def handle(self, *args, query, limit, as_json: bool, **options):
        try:
            results = listing_search(query=SearchQuery(text=query, per_page=limit))
        except (SearchError, SearchUnavailable) as error:
            raise CommandError(str(error)) from error
        rows = [
            {
                "publication_number": hit.document["publication_number"] or hit.document["identifier"],
                "identifier": hit.document["identifier"],
                "title": hit.document["title_zh"] or hit.document["title_en"],
                "title_en": hit.document["title_en"],
                "score": round(hit.score, 4),
                "listing_id": hit.listing_id,
            }
            for hit in results.hits
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{results.total} matches")
        for row in rows:
            self.stdout.write(f"{row['score']:>8.3f}  {row['publication_number']:<16} {row['title']}")
