#!/usr/bin/env python3
"""Recompute expected.json from the fixtures in this folder.

Standalone on purpose: it shares nothing with the Swift readers, so the two can
disagree and a test will say so. The rules are the ones written down in
README.md (sections "Claude Code", "Codex CLI", "aider").

    python3 Tests/Fixtures/usage/expected.py            # print
    python3 Tests/Fixtures/usage/expected.py --write    # rewrite expected.json
    python3 Tests/Fixtures/usage/expected.py --check    # exit 1 if expected.json differs
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CLAUDE_FIELDS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
)


def complete_lines(path):
    """Yield the newline-terminated lines of a file; a last line without its
    newline is still being written and is left for the next read."""
    data = path.read_bytes()
    *lines, _tail = data.split(b"\n")
    for raw in lines:
        raw = raw.strip()
        if raw:
            yield raw


def parse(raw):
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# --------------------------------------------------------------------------- claude


def claude_usage_of(obj):
    """(model, message id, request id, usage dict) for an assistant line that
    carries message.usage, else None."""
    if obj.get("type") != "assistant":
        return None
    message = obj.get("message")
    if not isinstance(message, dict):
        return None
    usage = message.get("usage")
    if not isinstance(usage, dict):
        return None
    if not isinstance(usage.get("input_tokens"), int) or not isinstance(usage.get("output_tokens"), int):
        return None
    counts = {field: int(usage.get(field) or 0) for field in CLAUDE_FIELDS}
    creation = usage.get("cache_creation")
    if isinstance(creation, dict):
        split = int(creation.get("ephemeral_5m_input_tokens") or 0) + int(creation.get("ephemeral_1h_input_tokens") or 0)
        if split != counts["cache_creation_input_tokens"]:
            raise SystemExit(f"cache_creation split {split} != cache_creation_input_tokens in {obj.get('uuid')}")
    return message.get("model"), message.get("id"), obj.get("requestId"), counts


def claude_totals(root):
    kept = []  # [model, counts]
    index = {}  # (message id, request id or None) -> position in kept
    for path in sorted(root.rglob("*.jsonl")):
        for raw in complete_lines(path):
            obj = parse(raw)
            if obj is None:
                continue
            found = claude_usage_of(obj)
            if found is None:
                continue
            model, message_id, request_id, counts = found
            if model == "<synthetic>":
                continue  # Claude Code's own placeholder replies: zero usage, no row
            if not message_id:
                kept.append([model, counts])
                continue
            key = (message_id, request_id)
            if key not in index:
                index[key] = len(kept)
                kept.append([model, counts])
                continue
            # One API response written as several lines (one per content block).
            # Keep the most complete usage: the largest token total, first on a tie.
            previous = kept[index[key]]
            if sum(counts.values()) > sum(previous[1].values()):
                kept[index[key]] = [model, counts]
    out = {}
    for model, counts in kept:
        row = out.setdefault(model, dict.fromkeys(CLAUDE_FIELDS, 0) | {"entries": 0})
        for field in CLAUDE_FIELDS:
            row[field] += counts[field]
        row["entries"] += 1
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- codex

CODEX_FIELDS = ("input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens")


def codex_usage(value):
    if not isinstance(value, dict):
        return None
    return tuple(int(value.get(field) or 0) for field in CODEX_FIELDS)


def codex_totals(root):
    out = {}
    for path in sorted(root.rglob("rollout-*.jsonl")):
        model = None
        previous_total = None
        for raw in complete_lines(path):
            obj = parse(raw)
            if obj is None:
                continue
            payload = obj.get("payload")
            if not isinstance(payload, dict):
                continue
            if obj.get("type") == "turn_context":
                model = payload.get("model") or model
                continue
            if obj.get("type") != "event_msg" or payload.get("type") != "token_count":
                continue
            info = payload.get("info")
            if not isinstance(info, dict):
                continue  # info: null, sent before the first response of a session
            total = codex_usage(info.get("total_token_usage"))
            last = codex_usage(info.get("last_token_usage"))
            if total is None:
                if last is None:
                    continue
                delta = last
            else:
                if total == previous_total:
                    continue  # re-sent with unchanged totals (rate-limit refresh)
                base = previous_total or (0,) * len(CODEX_FIELDS)
                # A field that goes down means Codex reset its counters: count 0 for it.
                raw = tuple(now - before for now, before in zip(total, base))
                delta = tuple(max(0, value) for value in raw)
                previous_total = total
                if last is not None and raw == delta and last != delta:
                    raise SystemExit(f"{path.name}: last_token_usage {last} != total delta {delta}")
            d = dict(zip(CODEX_FIELDS, delta))
            row = out.setdefault(model or "unknown", {
                "input_tokens": 0,
                "output_tokens": 0,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "reasoning_output_tokens": 0,
                "entries": 0,
            })
            row["input_tokens"] += d["input_tokens"] - d["cached_input_tokens"]
            row["cache_read_input_tokens"] += d["cached_input_tokens"]
            row["output_tokens"] += d["output_tokens"]  # already includes reasoning
            row["reasoning_output_tokens"] += d["reasoning_output_tokens"]
            row["entries"] += 1
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- aider

COUNT = r"(\d+(?:\.\d)?k?)"
TOKENS_RE = re.compile(
    rf"Tokens: {COUNT} sent(?:, {COUNT} cache write)?(?:, {COUNT} cache hit)?, {COUNT} received\."
)
COST_RE = re.compile(r"Cost: \$(\d+\.\d+) message, \$(\d+\.\d+) session\.")
MODEL_RE = re.compile(r"^(?:Main model|Model): (\S+) with (\S+) edit format", re.M)


def aider_count(text):
    if text is None:
        return 0
    if text.endswith("k"):
        return round(float(text[:-1]) * 1000)
    return int(text)


def aider_totals(screen):
    text = screen.read_text()
    model = MODEL_RE.search(text)
    turns = TOKENS_RE.findall(text)
    costs = COST_RE.findall(text)
    return {
        "model": model.group(1) if model else None,
        "edit_format": model.group(2) if model else None,
        "turns": len(turns),
        "sent": sum(aider_count(t[0]) for t in turns),
        "cache_write": sum(aider_count(t[1] or None) for t in turns),
        "cache_hit": sum(aider_count(t[2] or None) for t in turns),
        "received": sum(aider_count(t[3]) for t in turns),
        "cost_dollars": float(costs[-1][1]) if costs else None,
        "message_costs_dollars": [float(c[0]) for c in costs],
    }


def expected():
    return {
        "claude": claude_totals(HERE / "claude"),
        "codex": codex_totals(HERE / "codex"),
        "aider": aider_totals(HERE / "aider" / "screen.txt"),
    }


def main(argv):
    text = json.dumps(expected(), indent=2) + "\n"
    target = HERE / "expected.json"
    if "--write" in argv:
        target.write_text(text)
    elif "--check" in argv:
        if target.read_text() != text:
            sys.stdout.write(text)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
