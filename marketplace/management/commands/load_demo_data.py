from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from marketplace.demo.loader import demo_data_load
from marketplace.emails import emails_held
from marketplace.selectors.listings import listing_counts

# Commands of other apps that complete the demo when they are installed: the CMS page tree, the deals (before
# the index: a listing they transact leaves it), the city populations of the operations dashboard, the
# listings' shipped vectors (before the index, which may carry them), the search index, the navigation slice
# (patents only, no listings: after the index, which it leaves alone).
FOLLOW_UP_COMMANDS = ("setup_site", "load_demo_deals", "load_demo_vouchers", "load_demo_populations",
                      "load_demo_vectors", "rebuild_search_index", "load_demo_navigation")


class Command(BaseCommand):
    help = ("Load the demo site: patents from the shipped slice, universities, operating agencies, pools, SMEs "
            "with demands, service agencies and one demo account per role. Safe to run again.")

    def handle(self, *args, **options):
        # The demo's deals and vouchers notify their parties in-app, as on the site; nobody is e-mailed.
        with emails_held():
            accounts = demo_data_load()
            counts = listing_counts()
            self.stdout.write(self.style.SUCCESS(
                f"Demo data loaded: {counts['listings']} published listings ({counts['pools']} pools) "
                f"from {counts['owners']} owners."))
            available = get_commands()
            for command in FOLLOW_UP_COMMANDS:
                if command in available:
                    self.stdout.write(f"Running {command} …")
                    call_command(command, stdout=self.stdout, stderr=self.stderr)
        widths = [max(len(row[i]) for row in [*accounts, ("username", "password", "role", "organisation")])
                  for i in range(3)]
        self.stdout.write("\nDemo accounts (for demonstration only; change or delete them on a public site):")
        for row in [("username", "password", "role", "organisation"), *accounts]:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, [*widths, 0])).rstrip())
