"""The learned part of the flag decision: how likely two figures of different articles are
the same attribute, given the evidence about them. It replaces the hand-set cosine bars.

The evidence (``FEATURES``) is what both channels know about a pair of figures: the cosine
of their masked contexts, how nearly their whole sentences say the same thing (the
alignment score of ``match.align``), the share of content words they have in common, and
whether both name the same specific role word ("valued", "raised"). A logistic regression
turns it into a probability; a pair whose probability reaches the model's ``threshold`` is
the same attribute. The hard rules (units, funding rounds, roles, periods, subjects, plans,
running totals, qualifier intervals, dates) stay rules: they are meaning, not bars.

The model is a few numbers in a JSON file (``decision.json`` in this package, or one that
``factcheck learn`` fits from reviewers' verdicts), applied with numpy: scikit-learn is
needed only to fit it. Its training rows are ``data/decision_pairs.csv``, built by
``bench/learn_data.py`` (see the README, "The learned decision").
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Self

from factcheck.errors import ModelError
from factcheck.extract.roles import VAGUE_ROLES
from factcheck.match.align import passage_score, tokens
from factcheck.records import Claim, Mention

FEATURES = ("cosine", "passage", "words", "role")
PACKAGED = Path(__file__).with_name("decision.json")
LOCAL = Path("claims") / "decision.json"  # where ``factcheck learn`` writes a model refitted with verdicts
TRAINING = Path(__file__).parent / "data" / "decision_pairs.csv"
ENV = "FACTCHECK_DECISION"  # a model file to use instead of the packaged one
LABELS = {"confirmed": 1, "corrected": 1, "changed_over_time": 1, "not_a_conflict": 0}  # verdicts that teach; others do not
TEST_SHARE = 5  # a row whose key hashes to 0 mod 5 is held out
TOLERANCE = 0.01  # F1 a feature must add, cross-validated on the dev rows, to be used


@dataclass(frozen=True)
class LogisticModel:
    """A logistic regression over standardised ``features`` and its probability bar, kept as
    JSON; each subclass names its features and how it is refitted."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    about: dict[str, Any] = field(default_factory=dict)  # how it was fitted, and its scores

    features: ClassVar[tuple[str, ...]] = ()
    what: ClassVar[str] = "model"  # its name in errors
    refit: ClassVar[str] = ""  # the command that fits it again

    def probability(self, evidence: Sequence[float]) -> float:
        z = self.intercept + sum(c * (x - m) / s for c, x, m, s in zip(self.coef, evidence, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"features": list(self.features), **asdict(self)}

    def save(self, path: Path) -> None:
        from factcheck.files import atomic_write
        atomic_write(path, (json.dumps(self.as_json(), indent=1) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Self:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ModelError(f"{path}: cannot read the {cls.what}: {e}") from None
        if not isinstance(raw, dict) or raw.get("features") != list(cls.features):
            raise ModelError(f"{path}: not a {cls.what} over {', '.join(cls.features)} (refit it: {cls.refit})")
        try:
            vec = {k: tuple(float(v) for v in raw[k]) for k in ("mean", "scale", "coef")}
            if any(len(v) != len(cls.features) for v in vec.values()) or not all(s > 0 for s in vec["scale"]):
                raise ValueError("mean, scale and coef need one finite value per feature, scale > 0")
            threshold = float(raw["threshold"])
            if not 0 < threshold < 1:
                raise ValueError(f"threshold {threshold} is not a probability strictly between 0 and 1")
            return cls(vec["mean"], vec["scale"], vec["coef"], float(raw["intercept"]), threshold,
                       dict(raw.get("about") or {}))
        except (KeyError, TypeError, ValueError) as e:
            raise ModelError(f"{path}: bad {cls.what}: {e}") from None


@dataclass(frozen=True)
class DecisionModel(LogisticModel):
    """The same-attribute decision: a logistic regression over ``FEATURES``, and the probability bar."""

    features: ClassVar[tuple[str, ...]] = FEATURES
    what: ClassVar[str] = "decision model"
    refit: ClassVar[str] = "factcheck learn"

    @property
    def reads_text(self) -> bool:
        """Whether the model uses the sentences' alignment or shared words (costly to compute)."""
        return any(self.coef[FEATURES.index(k)] for k in ("passage", "words"))


@lru_cache(maxsize=4)
def _load(path: str) -> DecisionModel:
    return DecisionModel.load(Path(path))


def current() -> DecisionModel:
    """The model in use: ``$FACTCHECK_DECISION`` when set, else ``claims/decision.json`` (the
    project's own, fitted by ``factcheck learn``) when there is one, else the packaged one."""
    return _load(os.environ.get(ENV) or str(LOCAL if LOCAL.is_file() else PACKAGED))


@lru_cache(maxsize=65536)
def _tokens(claim: Claim) -> Any:
    return tokens(claim)


def evidence(a: Mention, b: Mention, cosine: float, text: bool = True) -> tuple[float, ...]:
    """The features of one pair of figures, in ``FEATURES`` order. ``text=False`` leaves the two
    that read the sentences (alignment, shared words) at 0: for a model that does not use them."""
    role = float(bool(a.role and a.role == b.role and a.role not in VAGUE_ROLES))
    if not text:
        return (cosine, 0.0, 0.0, role)
    ta, tb = _tokens(a.claim), _tokens(b.claim)
    union = ta.content | tb.content
    words = len(ta.content & tb.content) / len(union) if union else 0.0
    return (cosine, passage_score(ta, tb), words, role)


def describe(x: Sequence[float], text: bool = True) -> str:
    """The evidence in words, for reasons (``text``: with the two features that read the sentences)."""
    said = f"sentences {x[1]:.2f} alike, {x[2]:.0%} words shared, " if text else ""
    return f"cosine {x[0]:.2f}, {said}" + ("same role word" if x[3] else "no shared role word")


def split_of(key: str) -> str:
    """``dev`` or ``test`` (held out), fixed by a hash of the row's key."""
    return "test" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % TEST_SHARE == 0 else "dev"


# -- fitting (scikit-learn, imported here only)


@dataclass(frozen=True)
class Row:
    features: tuple[float, ...]
    label: int  # 1: the same attribute; 0: different things
    source: str  # "bbc", "equate", "clef", "verdict"
    split: str  # "dev" | "test"
    key: str  # where the row comes from (articles and figures, or a flag id)


def read_rows(path: Path = TRAINING) -> list[Row]:
    """Training rows from a CSV of ``FEATURES``, label, source, split, key."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            try:
                rows.append(Row(tuple(float(r[k]) for k in FEATURES), int(r["label"]), r["source"], r["split"], r["key"]))
            except (KeyError, TypeError, ValueError) as e:
                raise ModelError(f"{path}, line {n}: bad training row: {e}") from None
    return rows


def write_rows(rows: Iterable[Row], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*FEATURES, "label", "source", "split", "key"])
        for r in rows:
            w.writerow([*(f"{x:.4f}" for x in r.features), r.label, r.source, r.split, r.key])


def scores(y: Sequence[int], p: Sequence[float], threshold: float) -> dict[str, float]:
    """Precision, recall, F1 and counts of a probability bar on labelled rows."""
    tp = sum(1 for t, q in zip(y, p) if t and q >= threshold)
    fp = sum(1 for t, q in zip(y, p) if not t and q >= threshold)
    fn = sum(1 for t, q in zip(y, p) if t and q < threshold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"rows": len(y), "positives": sum(y), "precision": round(prec, 3), "recall": round(rec, 3),
            "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0}


def verdict_rows(flags: Iterable[dict[str, Any]], verdicts: dict[str, str]) -> list[Row]:
    """Rows from reviewed flags of a report: a confirmed flag or a change over time is the same
    attribute (1), "not a conflict" is two different things (0); other verdicts teach nothing.
    ``flags`` are report.json flags (they carry their ``evidence``); ``verdicts`` maps flag id
    to the verdict that counts."""
    rows = []
    for f in flags:
        y = LABELS.get(verdicts.get(f.get("id", ""), ""))
        ev = f.get("evidence")
        if y is None or not isinstance(ev, dict) or any(not isinstance(ev.get(k), int | float) for k in FEATURES):
            continue
        rows.append(Row(tuple(float(ev[k]) for k in FEATURES), y, "verdict", split_of(f["id"]), f["id"]))
    return rows


def _f1_curve(y: Sequence[int], p: Sequence[float]) -> dict[float, float]:
    """F1 at every bar a row's probability sets."""
    return {t: scores(y, p, t)["f1"] for t in set(p)}


def choose_features(x: Any, y: Any, folds: int = 5) -> tuple[int, ...]:
    """The features the model uses: of the subsets that keep the context cosine, the smallest
    whose cross-validated F1 on the dev rows is within ``TOLERANCE`` of the best (Occam's rule:
    a feature must earn its place on data the fit did not see)."""
    from itertools import combinations

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    k = min(folds, int(min(sum(y), len(y) - sum(y))))
    if k < 2:
        return tuple(range(len(FEATURES)))
    found = []
    for size in range(1, len(FEATURES) + 1):
        for sub in combinations(range(len(FEATURES)), size):
            if 0 not in sub:
                continue
            xs = x[:, sub]
            sd = xs.std(axis=0)
            sd[sd == 0] = 1.0
            p = cross_val_predict(LogisticRegression(max_iter=1000), (xs - xs.mean(axis=0)) / sd, y,
                                  cv=StratifiedKFold(k, shuffle=True, random_state=0), method="predict_proba")[:, 1]
            found.append((max(_f1_curve(y.tolist(), p.tolist()).values()), sub))
    best = max(f for f, _ in found)
    return next(sub for f, sub in sorted(found, key=lambda fs: (len(fs[1]), -fs[0])) if f >= best - TOLERANCE)


def fit(rows: Sequence[Row]) -> DecisionModel:
    """Fit on the dev rows (features chosen by ``choose_features``), choose the bar (the highest
    within ``TOLERANCE`` of the best F1 on them), and score the held-out rows."""
    dev = [r for r in rows if r.split == "dev"]
    test = [r for r in rows if r.split == "test"]
    if len({r.label for r in dev}) < 2:
        raise ModelError("the dev rows need both labels (same attribute and different things) to fit a model")
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # 2 s to import: only once there is something to fit

    x = np.array([r.features for r in dev], dtype=float)
    y = np.array([r.label for r in dev])
    used = choose_features(x, y)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(((x - mean) / scale)[:, used], y)
    coef = [0.0] * len(FEATURES)
    for i, c in zip(used, lr.coef_[0].tolist()):
        coef[i] = c
    model = DecisionModel(tuple(mean.tolist()), tuple(scale.tolist()), tuple(coef), float(lr.intercept_[0]), 0.5)
    p = [model.probability(f) for f in x]
    curve = _f1_curve(y.tolist(), p)
    top = max(curve.values())
    # the F1 curve is flat near its top: of the bars within TOLERANCE of the best, the highest
    # (fewer flags; a false flag costs a reader's trust), which also keeps the bar steady
    best = max(t for t, f1 in curve.items() if f1 >= top - TOLERANCE)
    bar = math.floor(float(best) * 10_000) / 10_000  # rounded down: the chosen rows stay above it
    about: dict[str, Any] = {
        "fitted_on": {s: sum(r.source == s for r in dev) for s in sorted({r.source for r in rows})},
        "features_used": [FEATURES[i] for i in used],
        "feature_rule": f"the fewest features within {TOLERANCE} of the best 5-fold F1 on the dev rows",
        "threshold_rule": f"the highest bar within {TOLERANCE} of the best F1 on the dev rows"}
    about |= _split_scores(model, bar, dev, test)
    return DecisionModel(model.mean, model.scale, model.coef, model.intercept, bar, about)


def _split_scores(model: DecisionModel, bar: float, dev: Sequence[Row], test: Sequence[Row]) -> dict[str, Any]:
    """The scores of ``model`` at ``bar`` on the dev and the held-out rows (with the AUC where
    both labels occur)."""
    from sklearn.metrics import roc_auc_score

    out: dict[str, Any] = {}
    for name, part in (("dev", dev), ("test", test)):
        if part:
            yy = [r.label for r in part]
            pp = [model.probability(r.features) for r in part]
            out[name] = scores(yy, pp, bar)
            if len(set(yy)) == 2:
                out[name]["auc"] = round(float(roc_auc_score(yy, pp)), 3)
    return out
