"""The embedding write path under concurrency (PostgreSQL): vectors and links are never duplicated, and a
worker that embedded an older text never overwrites the vector of the newer one."""

import threading

from marketplace.models import Listing
from search.models import ListingEmbedding, TextEmbedding
from search.semantic.services import listings_embed
from search.semantic.texts import text_hash

from ..concurrency import race, racing
from .embedder import ConceptEmbedder
from .test_semantic import english_baseball_listing


@racing
def test_two_workers_embedding_one_listing_keep_one_link_and_one_vector_per_text(semantic):
    listing = english_baseball_listing()
    outcomes = race(lambda: listings_embed(listing_ids=[listing.pk], embedder=ConceptEmbedder()),
                    lambda: listings_embed(listing_ids=[listing.pk], embedder=ConceptEmbedder()))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    link = ListingEmbedding.objects.get(listing=listing)
    hashes = [link.embedding.text_hash, *(h for _sentence, h in link.sentences)]
    assert TextEmbedding.objects.filter(text_hash__in=hashes).count() == len(set(hashes))


class HeldEmbedder(ConceptEmbedder):
    """Embeds the listing's old title only once the other worker has changed it and linked the new one."""

    def __init__(self, old_title: str, release: threading.Event):
        super().__init__()
        self.old_title, self.release = old_title, release

    def embed(self, texts):
        if any(self.old_title in text for text in texts):
            assert self.release.wait(30)
        return super().embed(texts)


@racing
def test_a_worker_that_embedded_the_old_text_does_not_overwrite_the_new_texts_vector(semantic):
    listing = english_baseball_listing()
    old_title = listing.title_en
    released = threading.Event()

    def newer_edit():
        Listing.objects.filter(pk=listing.pk).update(title_en="Baseball glove with a padded palm")
        try:
            return listings_embed(listing_ids=[listing.pk], embedder=ConceptEmbedder())
        finally:
            released.set()

    outcomes = race(lambda: listings_embed(listing_ids=[listing.pk], embedder=HeldEmbedder(old_title, released)),
                    newer_edit)
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    link = ListingEmbedding.objects.select_related("embedding").get(listing=listing)
    assert link.sentences[0][0] == "Baseball glove with a padded palm"
    assert link.embedding.text_hash != text_hash(old_title)
    assert ListingEmbedding.objects.filter(listing=listing).count() == 1
