import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.models import Demand
from search.backends.base import SearchUnavailable
from search.matching import match_demand


class Command(BaseCommand):
    help = "Show the published listings that best match a technology demand, with the reasons for each score."

    def add_arguments(self, parser):
        parser.add_argument("demand_id", type=int)
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print a JSON list instead of a table"
        )

    def handle(self, *args, demand_id: int, limit: int, as_json: bool, **options):
        if limit < 1:
            raise CommandError(_("--limit must be at least 1."))
        demand = Demand.objects.filter(pk=demand_id).first()
        if demand is None:
            raise CommandError(_("There is no demand with id %(id)s.") % {"id": demand_id})
        try:
            matches = match_demand(demand=demand, limit=limit)
        except SearchUnavailable as error:
            raise CommandError(_("The search engine is unavailable: %(error)s") % {"error": error}) from error
        rows = [
            {
                "listing_id": m.listing_id,
                "publication_number": m.identifier,
                "title": m.title,
                "score": m.score,
                "reasons": m.reasons,
            }
            for m in matches
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{demand.pk} {demand.title}")
        for row in rows:
            self.stdout.write(f"{row['score']:>3}  {row['publication_number']:<16} {row['title']}")
            for reason in row["reasons"]:
                self.stdout.write(f"       · {reason}")
        if not rows:
            self.stdout.write(_("No published listing matches this demand yet."))
