"""The demo ships its listings' vectors (marketplace/demo/vectors.npz), so that `make run` never waits for the
model: they are stored by text hash, the listings linked to them, and the vector index built."""

from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.demo.loader import DEMO_DIR
from search.models import ListingEmbedding, TextEmbedding
from search.semantic.embedders import get_embedder
from search.semantic.services import (
    listings_embed,
    listings_without_vectors,
    text_embeddings_store,
    vector_index_rebuild,
)

VECTORS_FILE = DEMO_DIR / "vectors.npz"


class Command(BaseCommand):
    help = ("Load the demo's shipped vectors and give every published listing its vector (embedding only texts "
            "the file lacks). With --save, write the vectors of the published listings to the file instead "
            "(after `manage.py embed_listings`).")

    def add_arguments(self, parser):
        parser.add_argument("--save", action="store_true")
        parser.add_argument("--file", type=Path, default=VECTORS_FILE)

    def handle(self, *args, save: bool, file: Path, **options):
        if not settings.SEARCH_SEMANTIC:
            self.stdout.write("Semantic search is off (SEARCH_SEMANTIC=0): no vectors loaded.")
            return
        embedder = get_embedder()
        if save:
            count = demo_vectors_save(file, embedder.model_name)
            self.stdout.write(self.style.SUCCESS(f"Saved {count} vectors by {embedder.model_name} to {file}."))
            return
        loaded = demo_vectors_load(file, embedder.model_name)
        pending = listings_without_vectors(model_name=embedder.model_name)
        linked = listings_embed(listing_ids=pending, embedder=embedder) if pending else 0
        held = vector_index_rebuild(embedder=embedder)
        self.stdout.write(self.style.SUCCESS(
            f"{loaded} shipped vectors loaded, {linked} listings linked, the vector index holds {held}."))


def demo_vectors_save(file: Path, model_name: str) -> int:
    """Every vector the published listings use (texts and sentences), quantised to int8 with a scale per row:
    a quarter of float32's size, with cosines within 0.01 of the model's."""
    links = ListingEmbedding.objects.filter(model_name=model_name, listing__status="published")
    hashes = {h for text_hash_, sentences in links.values_list("embedding__text_hash", "sentences")
              for h in [text_hash_, *(pair[1] for pair in sentences)]}
    rows = dict(TextEmbedding.objects.filter(model_name=model_name, text_hash__in=hashes)
                .values_list("text_hash", "vector"))
    keys = sorted(rows)
    vectors = np.stack([np.frombuffer(bytes(rows[h]), dtype="<f4") for h in keys])
    scales = np.abs(vectors).max(axis=1, keepdims=True) / 127
    np.savez_compressed(file, model_name=np.array(model_name),
                        hashes=np.array([bytes.fromhex(h) for h in keys], dtype="S32"),
                        vectors=np.round(vectors / scales).astype(np.int8), scales=scales.astype(np.float32))
    return len(keys)


def demo_vectors_load(file: Path, model_name: str) -> int:
    """Store the file's vectors if they are the configured model's; returns how many (0 for another model)."""
    if not file.exists():
        return 0
    with np.load(file) as data:
        if str(data["model_name"]) != model_name:
            return 0
        vectors = data["vectors"].astype(np.float32) * data["scales"]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        hashes = [h.hex() for h in data["hashes"]]
    text_embeddings_store(model_name=model_name, vectors=dict(zip(hashes, vectors, strict=True)))
    return len(hashes)

