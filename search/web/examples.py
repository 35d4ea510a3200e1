"""The search box's "e.g. …" examples, taken from what is published so that every one of them finds something."""

from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.selectors.listings import listing_list_published

# Words in both languages show that either finds both; the number and owner come from the newest patent listing.
EXAMPLE_WORDS = ("lithium battery", "锂电池 正极")


def search_examples() -> list[str]:
    examples = list(EXAMPLE_WORDS)
    newest = listing_list_published().filter(patent__isnull=False).first()
    if newest is not None:
        examples += [newest.patent.publication_number, bilingual_value(newest.owner, "name")]
    return examples


def search_placeholder() -> str:
    return _("e.g. %(examples)s") % {"examples": ", ".join(search_examples())}
