"""stance: who stands where toward whom in Indonesian news, and which sentence shows it."""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from . import native as _native

try:
    __version__ = version("stance")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

# Public names and the module each lives in. They load on first use (PEP 562), so `import stance` stays
# quick and the command line pays for scikit-learn only when it scores or trains.
_EXPORTS = {
    "CorpusError": "corpus",
    "load_corpus": "corpus",
    "clean_text": "clean",
    "extract": "extract",
    "read_article": "extract",
    "Gazetteer": "gazetteer",
    "load_gazetteer": "gazetteer",
    "load_gold": "gold",
    "ResourceError": "resources",
    "find_quote_spans": "sentences",
    "split_sentences": "sentences",
    "score": "scoring",
    "score_collection": "engine",
    "RunSettings": "engine",
    "compare_scorers": "report_eval",
    "evaluate_run": "report_eval",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

# The compiled scoring modules, or their sources when those changed since (stance.native): decided
# before any of them is imported.
_native.choose()


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stance' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
