"""Precision and recall of the story pre-checks on the labelled sentences.

    .venv/bin/python bench/prechecks.py [--misses] [FILE ...]

Scores are per sentence: for each kind (identifying, minimising) and each
category, a sentence counts as found when at least one flag of that category
was raised, and as labelled when its label says so.
"""
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SETS = [ROOT / "tests/data/story_prechecks.tsv", ROOT / "tests/data/story_prechecks_more.tsv",
                ROOT / "tests/data/story_prechecks_holdout.tsv"]


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positive + self.false_negative
        return self.true_positive / labelled if labelled else 1.0


def read_set(path: Path) -> list[tuple[str, set[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, labels, sentence = line.split("\t")
        rows.append((language, set() if labels == "-" else set(labels.split(",")), sentence))
    return rows


def score(rows) -> dict[str, Score]:
    from holdspace.stories.prechecks import KIND_OF, check_text

    scores: dict[str, Score] = {}
    for language, labels, sentence in rows:
        found = {category for category, _ in check_text(sentence, language=language)}
        groups = {kind: {c for c in KIND_OF if KIND_OF[c] == kind} for kind in set(KIND_OF.values())}
        keys = [(category, {category}) for category in KIND_OF] + list(groups.items())
        for key, members in keys:
            labelled, flagged = bool(labels & members), bool(found & members)
            entry = scores.setdefault(key, Score())
            if labelled and flagged:
                entry.true_positive += 1
            elif flagged:
                entry.false_positive += 1
                entry.misses.append(("extra", language, sentence, sorted(found)))
            elif labelled:
                entry.false_negative += 1
                entry.misses.append(("missed", language, sentence, sorted(found)))
    return scores


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
    os.environ.setdefault("HOLDSPACE_DEBUG", "1")
    import django

    django.setup()
    show_misses = "--misses" in sys.argv
    paths = [Path(a).resolve() for a in sys.argv[1:] if not a.startswith("--")] or DEFAULT_SETS
    for path in paths:
        rows = read_set(path)
        print(f"\n{path.relative_to(ROOT)}: {len(rows)} sentences")
        print(f"{'':22} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}")
        for key, entry in sorted(score(rows).items(), key=lambda kv: (kv[0] not in {"identifying", "minimising"}, kv[0])):
            print(f"{key:22} {entry.precision:9.2f} {entry.recall:7.2f} {entry.true_positive:4} "
                  f"{entry.false_positive:4} {entry.false_negative:4}")
            if show_misses and key not in {"identifying", "minimising"}:
                for miss in entry.misses:
                    print("      ", *miss)


if __name__ == "__main__":
    main()
