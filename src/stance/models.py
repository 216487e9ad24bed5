"""Model files: scorers saved with skops (never pickle) and a JSON model card beside each.

Loading accepts only the types we trust, names any it refuses, and checks the model file against the
sha256 its card records, so a swapped or corrupted file is caught before it scores anything.

Load speed: skops keeps a dict as one audited node per key and value, so the vocabularies of the
TF-IDF vectorizers (45,000 terms in the stance model) made loading take seconds. Files are written
with each vocabulary as one array of terms (position = column: a plain numpy string array, which
skops reads with ``allow_pickle=False`` and trusts by default) and the dict is rebuilt after loading;
files written the old way still load.

Start-up: skops imports every scikit-learn estimator to know which types it trusts, two seconds in
each process. `save_model` therefore also writes the scorer's compiled form (`stance.compiled`: its
fitted arrays in an ``.npz`` file, read with ``allow_pickle=False``) and records its sha256 in the card;
`load_model` returns the compiled scorer when the card names one that matches, which scores the same
probabilities, bit for bit, without importing scikit-learn or skops. ``compiled=False`` gives the
scikit-learn estimator itself (to explain it, or to retrain from it).
"""

from __future__ import annotations

import copy
import hashlib
import json
import platform
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = [
    "ModelError",
    "compiled_path",
    "default_model_dir",
    "load_default_model",
    "load_default_tone_model",
    "load_model",
    "save_model",
]

# Types a stance model file may hold besides those skops trusts by default: our own estimators and
# the functions they name. Anything else is refused by name.
TRUSTED_TYPES = (
    "stance.classifier.StanceClassifier",
    "stance.classifier._WeightedPipeline",
    "stance.classifier._as_text",
    "stance.classifier._numbers",
    "stance.scorers.RuleScorer",
    "stance.scorers.CombinedScorer",
    "stance.sentiment.ToneClassifier",
    "builtins.slice",
    "numpy.dtypes.Float64DType",
    "numpy.dtypes.Int64DType",
    "numpy.dtypes.ObjectDType",
    "numpy.dtypes.StrDType",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.utils._bunch.Bunch",
)


class ModelError(ValueError):
    """A model file that cannot be trusted or read; the message names the file and the problem."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_path(model_path: str | Path) -> Path:
    return Path(model_path).with_suffix(".json")


def _vocabulary_owners(model) -> list:
    """Every object inside `model` (ours or scikit-learn's) that has a `vocabulary_` attribute."""
    owners, seen, stack = [], set(), [model]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, (list, tuple)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif type(obj).__module__.split(".")[0] in ("sklearn", "stance") and hasattr(obj, "__dict__"):
            if hasattr(obj, "vocabulary_"):
                owners.append(obj)
            stack.extend(vars(obj).values())
    return owners


def _compact_vocabularies(model):
    """A copy of `model` whose vocabularies (term -> column dicts) are arrays of terms by column."""
    import numpy as np

    model = copy.deepcopy(model)
    for owner in _vocabulary_owners(model):
        vocabulary = owner.vocabulary_
        if isinstance(vocabulary, dict) and sorted(vocabulary.values()) == list(range(len(vocabulary))):
            terms = [""] * len(vocabulary)
            for term, column in vocabulary.items():
                terms[column] = term
            owner.vocabulary_ = np.array(terms, dtype=str)
    return model


def _expand_vocabularies(model):
    """Undo `_compact_vocabularies` in place: arrays of terms back to term -> column dicts."""
    import numpy as np

    for owner in _vocabulary_owners(model):
        terms = owner.vocabulary_
        if isinstance(terms, np.ndarray) and terms.dtype.kind == "U":
            owner.vocabulary_ = {term: column for column, term in enumerate(terms.tolist())}
    return model


def save_model(model, path: str | Path, card: dict) -> Path:
    """Write `model` to `path` with skops, and its card (with the file's sha256 and library versions)."""
    import sklearn
    import skops
    import skops.io as sio

    from . import __version__

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    sio.dump(_compact_vocabularies(model), tmp, compression=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
    sha256 = _sha256(path)
    compiled = _write_compiled(model, path, sha256)
    card = {
        **card,
        "model_file": path.name,
        "model_sha256": sha256,
        **({"compiled_file": compiled.name, "compiled_sha256": _sha256(compiled)} if compiled else {}),
        "model_type": f"{type(model).__module__}.{type(model).__name__}",
        "versions": {
            "stance": __version__,
            "scikit-learn": sklearn.__version__,
            "skops": skops.__version__,
            "python": platform.python_version(),
        },
    }
    card_file = card_path(path)
    card_file.write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def compiled_path(model_path: str | Path) -> Path:
    return Path(model_path).with_suffix(".npz")


def _write_compiled(model, path: Path, source_sha256: str) -> Path | None:
    """The compiled form of `model` beside its skops file (of sha256 `source_sha256`), or None for a
    model of another shape."""
    from .compiled import CompileError, compile_model

    target = compiled_path(path)
    try:
        return compile_model(model, target, source_sha256)
    except CompileError:
        target.unlink(missing_ok=True)  # never leave one compiled from an earlier model
        return None


def _load_compiled(path: Path, card: dict):
    """The compiled scorer the card names, or None when it names none; refused when it does not match."""
    name = card.get("compiled_file")
    if not name:
        return None
    from .compiled import CompileError, load_compiled

    compiled = path.parent / name
    if not compiled.is_file():
        return None  # the skops file is the model of record: use it
    if _sha256(compiled) != card.get("compiled_sha256"):
        raise ModelError(f"{compiled}: sha256 does not match its model card {card_path(path).name}")
    try:
        model, spec = load_compiled(compiled)
    except (CompileError, KeyError, ValueError) as err:
        raise ModelError(f"{compiled}: not a compiled model file ({err})") from err
    if spec.get("source_sha256") != card.get("model_sha256"):
        raise ModelError(f"{compiled}: compiled from another model than {path.name}")
    return model


def load_model(path: str | Path, *, check_card: bool = True, compiled: bool = True):
    """Load a model: its compiled form when the card names a matching one (and `compiled`), else the
    skops file, trusting only `TRUSTED_TYPES` (and what skops trusts by default).

    Raises
    ------
    ModelError
        When the file is not a skops file (a pickle, say), holds types we do not trust (named), or
        does not match the sha256 of its model card (nor the compiled file the card names).
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    if check_card:
        card_file = card_path(path)
        if not card_file.is_file():
            raise ModelError(f"{path}: no model card {card_file.name} beside it")
        try:
            card = json.loads(card_file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ModelError(f"{path}: its model card {card_file.name} is not readable JSON ({err})") from err
        expected = card.get("model_sha256") if isinstance(card, dict) else None
        if expected != _sha256(path):
            raise ModelError(f"{path}: sha256 does not match its model card {card_file.name}")
        if compiled and (model := _load_compiled(path, card)) is not None:
            return model
    import skops.io as sio  # imports scikit-learn: only when the skops file itself is read

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as err:
        raise ModelError(f"{path}: not a skops model file ({type(err).__name__}); pickles are refused") from err
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise ModelError(f"{path}: refused untrusted types: {', '.join(refused)}")
    return _expand_vocabularies(sio.load(path, trusted=list(untrusted)))


def model_card(path: str | Path) -> dict:
    return json.loads(card_path(path).read_text(encoding="utf-8"))


def default_model_dir() -> Path:
    return Path(str(resources.files("stance") / "data" / "models"))


@cache
def load_default_model():
    """The shipped stance scorer (`data/models/stance.skops`)."""
    return load_model(default_model_dir() / "stance.skops")


@cache
def load_default_tone_model():
    """The shipped tone classifier (`data/models/tone.skops`)."""
    return load_model(default_model_dir() / "tone.skops")
