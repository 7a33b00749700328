"""factcheck: check the numbers in news articles against each other.

The library in five lines::

    from factcheck import SentenceEmbedder, run

    result = run(["sources/"], SentenceEmbedder())
    for flag in result.flags:
        print(flag.kind, flag.reason)

The stages are public too (``load_sources``, ``extract_claims``, ``find_mentions``,
``embed_mentions``, ``find_flags``): chained, they give ``run``'s flags. ``find_flags`` is
the whole matcher, and ``decide`` is the one flag decision inside it.
"""

from factcheck.errors import FactcheckError, ModelError, SourceError, StoreError, UsageError
from factcheck.match.compare import PairOutcome, compare_texts
from factcheck.match.decide import Decision, decide, decide_all
from factcheck.match.embed import Embedder, SentenceEmbedder, VectorCache
from factcheck.match.run import Found, find_flags
from factcheck.pipeline import (
    Result,
    analyse,
    embed_mentions,
    explain,
    extract_claims,
    find_mentions,
    load_sources,
    run,
)
from factcheck.records import Article, Claim, Flag, Mention, Note, Quantity

__all__ = [
    "Article", "Claim", "Decision", "Embedder", "FactcheckError", "Flag", "Found", "Mention", "ModelError", "Note",
    "PairOutcome", "Quantity", "Result", "SentenceEmbedder", "SourceError", "StoreError", "UsageError",
    "VectorCache", "analyse", "compare_texts", "decide", "decide_all", "embed_mentions", "explain",
    "extract_claims", "find_flags", "find_mentions", "load_sources", "run",
]
