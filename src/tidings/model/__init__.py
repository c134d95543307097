"""The learned event model: training data (`corpus`, `data`), the trainer (`train`, needs the [train]
extra) and inference with onnxruntime (`infer`).

For each sentence that can hold an event the model gives the probability of "no codable event" and of
each CAMEO root (or each of a user's own event types), a distribution over full codes, and source/target
tags for every token.
"""
