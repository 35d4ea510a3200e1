"""A deterministic embedder for tests: a few bilingual concepts, one dimension each, so that a Chinese text and
an English text about the same thing are near each other (as with the real multilingual model) in microseconds."""

import numpy as np

from search.semantic.embedders import Embedder, unit_rows

CONCEPTS = (
    ("battery", "电池", "锂", "lithium", "cathode", "正极"),
    ("hydrogen", "氢", "fuel cell", "燃料电池"),
    ("vehicle", "车辆", "汽车", "car", "driving", "驾驶"),
    ("image", "图像", "camera", "摄像", "vision", "视觉"),
    ("neural", "神经网络", "learning", "学习"),
    ("baseball", "棒球", "bat", "球棒"),
    ("printing", "打印", "additive", "增材"),
)


class ConceptEmbedder(Embedder):
    model_name = "test-concepts"
    dimensions = len(CONCEPTS) + 1

    def __init__(self):
        self.calls: list[list[str]] = []  # what was embedded, so tests can tell a cached text was not

    def embed(self, texts):
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            lowered = text.lower()
            counts = [sum(lowered.count(term) for term in terms) for terms in CONCEPTS]
            rows.append([*counts, 0.05])  # the last dimension keeps a text about nothing known from being zero
        return unit_rows(np.array(rows, dtype=np.float32))
