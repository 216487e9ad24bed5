"""stance: who stands where toward whom in Indonesian news, and which sentence shows it."""

from importlib.metadata import PackageNotFoundError, version

from .clean import clean_text
from .corpus import CorpusError, load_corpus
from .extract import extract, read_article
from .gazetteer import Gazetteer, load_gazetteer
from .resources import ResourceError
from .sentences import find_quote_spans, split_sentences

try:
    __version__ = version("stance")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "CorpusError",
    "Gazetteer",
    "ResourceError",
    "__version__",
    "clean_text",
    "extract",
    "find_quote_spans",
    "load_corpus",
    "load_gazetteer",
    "read_article",
    "split_sentences",
]
