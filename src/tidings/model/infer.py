"""Inference: the exported event model on onnxruntime, with its own tokenizer. No torch, no network.

`EventModel.predict(texts)` gives, per sentence, the probability of no codable event, the probability of
each root (or user event type), the best full code within each root, and source/target character spans.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .data import NONE, PENTACLASS_ROOTS


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model says of one sentence."""

    event_probability: float  # 1 - P(no codable event)
    roots: tuple[tuple[str, float], ...]  # (root, probability), most probable first; "none" left out
    codes: dict  # root -> (best full code within that root, its probability among the root's codes)
    sources: tuple[tuple[int, int], ...]  # character spans in the sentence
    targets: tuple[tuple[int, int], ...]

    @property
    def root(self) -> str | None:
        """The most probable root of the most probable group of roots (statements, verbal cooperation...):
        when the mass is split between 18 and 19, the sentence is still material conflict."""
        if not self.roots:
            return None
        group_of = {r: g for g, roots in PENTACLASS_ROOTS.items() for r in roots}
        if not all(r in group_of for r, _ in self.roots):
            return self.roots[0][0]  # a user's own event types: no groups
        mass: dict[int, float] = {}
        for r, p in self.roots:
            mass[group_of[r]] = mass.get(group_of[r], 0.0) + p
        best = max(mass, key=mass.get)
        return next(r for r, _ in self.roots if group_of[r] == best)


def default_model_dir() -> Path:
    return Path(str(resources.files("tidings") / "data" / "model"))


class EventModel:
    """Load once; `predict` is batched and thread-limited to one intra-op thread per worker by default."""

    def __init__(self, folder: str | Path | None = None, *, threads: int | None = None) -> None:
        self.folder = Path(folder) if folder else default_model_dir()
        try:
            import onnxruntime
            from tokenizers import Tokenizer
            self.meta = json.loads((self.folder / "model.json").read_text(encoding="utf-8"))
            self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
            options.inter_op_num_threads = 1
            self.session = onnxruntime.InferenceSession(str(self.folder / "event_model.onnx"), options,
                                                        providers=["CPUExecutionProvider"])
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(str(self.folder), f"is not a tidings event model ({exc})",
                             "give a folder written by `tidings train`") from None
        except Exception as exc:  # onnxruntime raises its own types for a corrupt file
            raise ModelError(str(self.folder), f"cannot load the event model ({type(exc).__name__}: {exc})") from None
        self.tokenizer.enable_truncation(int(self.meta.get("max_length", 96)))
        self.tokenizer.no_padding()
        self.roots = tuple(self.meta["labels"]["roots"])
        self.codes = tuple(self.meta["labels"]["codes"])
        self.tags = tuple(self.meta["tags"])
        self.temperature = float(self.meta.get("temperature", 1.0))
        self._code_groups = {}
        for i, code in enumerate(self.codes):
            self._code_groups.setdefault(code[:2] if code.isdigit() else code, []).append(i)

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.folder.name))

    def predict(self, texts: list[str]) -> list[Prediction]:
        """Batches of similar length (less padding to compute), answers in input order."""
        return self.decode(self.score(texts))

    def score(self, texts: list[str]) -> Scores:
        """The network's raw outputs, one sentence at a time. This is the costly half, and it holds the GIL
        only briefly (tokenising and the network run release it), so another thread can parse meanwhile.

        One at a time, because the int8 model quantises its activations with one scale per run: in a batch,
        a sentence's answer would depend on its neighbours, and the same article would be coded differently
        in another corpus. Unpadded single runs cost no more than padded batches on a CPU."""
        batches = []
        for i, encoding in enumerate(self.tokenizer.encode_batch(texts)):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            outputs = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            batches.append(([i], [encoding], outputs))
        return Scores(len(texts), batches)

    def decode(self, scores: Scores) -> list[Prediction]:
        """Raw outputs to Predictions, in the order the texts were given."""
        out: list[Prediction | None] = [None] * scores.count
        for chunk, encodings, (root_logits, code_logits, span_logits) in scores.batches:
            root_p = _softmax(root_logits / self.temperature)
            best_codes = self._best_codes(code_logits)
            tags = np.argmax(span_logits, axis=-1)
            for row, i in enumerate(chunk):
                out[i] = self._one(root_p[row], {r: c[row] for r, c in best_codes.items()}, tags[row],
                                   encodings[row])
        return out

    def _best_codes(self, code_logits) -> dict:
        """Per root, each row's best full code and its probability among that root's codes."""
        out = {}
        for root, indices in self._code_groups.items():
            p = _softmax(code_logits[:, indices])
            best = np.argmax(p, axis=-1)
            out[root] = [(self.codes[indices[b]], float(p[row, b])) for row, b in enumerate(best)]
        return out

    def _one(self, root_p, codes: dict, tags, encoding) -> Prediction:
        none = self.roots.index(NONE)
        roots = sorted(((r, float(root_p[i])) for i, r in enumerate(self.roots) if i != none),
                       key=lambda pair: -pair[1])
        sources, targets = _spans(tags[:len(encoding.ids)], encoding.offsets, self.tags)
        return Prediction(1.0 - float(root_p[none]), tuple(roots), codes, sources, targets)


@dataclass(frozen=True, slots=True)
class Scores:
    """`EventModel.score`'s answer: per batch, the text indices, their encodings and the network outputs."""

    count: int
    batches: list


def _softmax(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _spans(tags, offsets, names) -> tuple[tuple, tuple]:
    """Merge B-/I- runs of tokens into character spans (an I- after O starts a span too)."""
    runs = {"S": [], "T": []}
    current = None
    for tag, (start, end) in zip(tags, offsets):
        name = names[int(tag)]
        if start == end or name == "O":
            current = None
            continue
        kind = name[2:]
        if name.startswith("B-") or current is None or current[0] != kind:
            current = [kind, start, end]
            runs[kind].append(current)
        else:
            current[2] = end
    return (tuple((s, e) for _, s, e in runs["S"]), tuple((s, e) for _, s, e in runs["T"]))
