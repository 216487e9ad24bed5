"""Compiled models: the shipped scorers' fitted numbers in a plain numpy file, scored without scikit-learn.

Loading a skops file imports scikit-learn and skops, and skops imports every scikit-learn estimator
to know which types it trusts: about two seconds before the first article is read, in every process
(`--jobs`, Dask workers). A fitted stance or tone model is a few arrays (TF-IDF vocabularies and idf
weights, one-hot categories, logistic regression coefficients, sigmoid calibration) and a fixed
recipe; `compile_model` writes them to an ``.npz`` file beside the ``.skops`` file, and
`CompiledStanceScorer` / `CompiledToneModel` follow the recipe with numpy and scipy only: the same
counts (`stance.counting`), the same weighting and stacking, the same decision function, calibration
and normalisation as scikit-learn's objects, step for step. `tests/test_compiled.py` holds the
probabilities to scikit-learn's on the demo collection. The ``.skops`` file stays the model of record:
the compiled file names its sha256 and is used only while it matches (`stance.models`).

Only the shapes `stance train` fits are compiled (`CombinedScorer` over `StanceClassifier`,
`ToneClassifier`); `compile_model` refuses anything else by name, and such models load from skops.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from .counting import char_wb_counts, word_counts
from .positions import CLASSES, combined_probabilities, decide, rule_probabilities

__all__ = ["CompiledStanceScorer", "CompiledToneModel", "compile_model", "load_compiled", "number_features"]

FORMAT = "stance-compiled/1"


class CompileError(ValueError):
    """A model of a shape `compile_model` does not know; it is used from its skops file instead."""


# --- the recipe, without scikit-learn -----------------------------------------------------------------
class _Vectorizer:
    """What `stance.counting` reads of a fitted TF-IDF vectorizer, and its weighting (`transform`)."""

    tokenizer = preprocessor = strip_accents = vocabulary = None
    input, binary, dtype = "content", False, np.float64

    def __init__(self, spec: dict, terms: np.ndarray, idf: np.ndarray):
        self.analyzer = spec["analyzer"]
        self.lowercase = spec["lowercase"]
        self.token_pattern = spec["token_pattern"]
        self.ngram_range = tuple(spec["ngram_range"])
        self.sublinear_tf = spec["sublinear_tf"]
        self.vocabulary_ = {term: column for column, term in enumerate(terms.tolist())}
        self.idf_ = idf

    def get_stop_words(self):
        return None

    def decode(self, doc):
        return doc

    def build_preprocessor(self):
        return str.lower if self.lowercase else (lambda doc: doc)

    def build_tokenizer(self):
        return re.compile(self.token_pattern).findall

    def transform(self, texts) -> sp.csr_matrix:
        """TF-IDF rows as `TfidfTransformer.transform` makes them: log counts plus one, times idf, l2 rows."""
        counts = (char_wb_counts if self.analyzer == "char_wb" else word_counts)(self, texts)
        X = sp.csr_matrix(counts, dtype=np.float64)
        if self.sublinear_tf:
            np.log(X.data, X.data)
            X.data += 1.0
        X.data *= self.idf_[X.indices]
        return _normalize_rows(X)


def _normalize_rows(X: sp.csr_matrix) -> sp.csr_matrix:
    """Each row divided by its l2 norm (rows of zeros left as they are), as scikit-learn's `normalize`:
    the squares summed in index order (a CSR product with ones adds them so), then one division each."""
    squares = sp.csr_matrix((X.data * X.data, X.indices, X.indptr), shape=X.shape)
    norms = np.sqrt(squares @ np.ones(X.shape[1]))
    norms[norms == 0.0] = 1.0
    X.data /= np.repeat(norms, np.diff(X.indptr))
    return X


class _OneHot:
    """`OneHotEncoder(handle_unknown="ignore")` on text, its infrequent categories (``min_frequency``)
    sharing one column: each known category goes to its output column; an unknown one is all zeros."""

    def __init__(self, columns: list[str], categories: list[np.ndarray], outputs: list[np.ndarray], widths: list[int]):
        self.columns = columns
        self.offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
        self.width = int(self.offsets[-1])
        self.categories = categories
        self.outputs = [np.append(np.asarray(o, dtype=np.int64), -1) for o in outputs]  # the last: unknown

    def transform(self, frame) -> sp.csr_matrix:
        import pandas as pd  # the candidate table is a DataFrame: pandas is loaded already

        values = frame[self.columns].astype(str)  # as the pipeline's FunctionTransformer(_as_text)
        rows, cols = [], []
        for j, column in enumerate(self.columns):
            hits = self.outputs[j][pd.Index(self.categories[j]).get_indexer(values[column])]  # -1 -> unknown
            known = hits >= 0
            rows.append(np.flatnonzero(known))
            cols.append(hits[known] + self.offsets[j])
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(values), self.width))


def number_features(values: np.ndarray) -> np.ndarray:
    """The classifier's numeric features (rule score, positive and negative cue weights, distance) on
    comparable scales: the rule score as is, cue weights capped at 3, the distance logged."""
    out = values.copy()
    out[:, 1] = np.minimum(values[:, 1], 3.0)
    out[:, 2] = np.minimum(values[:, 2], 3.0)
    out[:, 3] = np.log1p(np.abs(values[:, 3])) / 3.0
    return out


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


class _Linear:
    """The logistic regression, and the sigmoid calibration of its decision function when it has one."""

    def __init__(self, spec: dict, coef: np.ndarray, intercept: np.ndarray):
        self.coef, self.intercept = coef, intercept
        self.calibration = spec.get("calibration")  # [[a, b], …] one pair a class, or None

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        decision = np.asarray(X @ self.coef.T) + self.intercept
        if self.calibration is None:
            return _softmax(decision)
        proba = np.empty_like(decision)
        for k, (a, b) in enumerate(self.calibration):
            proba[:, k] = expit(-(a * decision[:, k] + b))  # scikit-learn's _SigmoidCalibration
        total = proba.sum(axis=1, keepdims=True)
        proba = np.divide(proba, total, out=np.full_like(proba, 1 / proba.shape[1]), where=total != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0  # as scikit-learn's calibration
        return proba


class CompiledClassifier:
    """The stance classifier alone (`StanceClassifier.predict_proba`), from a compiled file."""

    method_name = "classifier"

    def __init__(self, blocks: list, linear: _Linear, classes: np.ndarray):
        self.blocks, self.linear, self.classes_ = blocks, linear, classes

    def predict_proba(self, X) -> np.ndarray:
        parts = []
        for kind, part, weight in self.blocks:
            if kind == "text":
                name, vectorizer = part
                block = vectorizer.transform(X[name].astype(str).tolist())
            elif kind == "category":
                block = part.transform(X)
            else:
                block = sp.csr_matrix(number_features(X[list(part)].to_numpy(dtype=float)))
            parts.append(block if weight is None else block * weight)  # ColumnTransformer's transformer_weights
        return self.linear.predict_proba(sp.hstack(parts, format="csr"))


class CompiledStanceScorer:
    """`CombinedScorer` from a compiled file: rules where they decide, the classifier elsewhere."""

    method_name = "combined"

    def __init__(self, classifier: CompiledClassifier, rule_threshold: float, position_threshold: float):
        self.classifier_ = classifier
        self.rule_threshold = rule_threshold
        self.position_threshold = position_threshold
        self.classes_ = CLASSES.copy()
        self.rules_ = _Rules(rule_threshold)

    def predict_proba(self, X) -> np.ndarray:
        return combined_probabilities(X, self.rule_threshold, self.classifier_)

    def predict(self, X) -> np.ndarray:
        return decide(self.predict_proba(X), self.classes_, self.position_threshold)


class _Rules:
    """`RuleScorer`: the rule score as probabilities."""

    method_name = "rules"

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.classes_ = CLASSES.copy()

    def predict_proba(self, X) -> np.ndarray:
        return rule_probabilities(X["rule_score"].to_numpy(dtype=float), self.threshold)


def texts_of(X) -> list[str]:
    """The texts a tone model reads: a table's ``text`` column, or any sequence of texts, as strings
    (`ToneClassifier` reads its input the same way)."""
    if hasattr(X, "columns"):
        X = X["text"]
    return [str(x) for x in (X.tolist() if hasattr(X, "tolist") else X)]


class CompiledToneModel:
    """`ToneClassifier` from a compiled file: word and character TF-IDF, calibrated logistic regression."""

    method_name = "tone_classifier"

    def __init__(self, vectorizers: list[_Vectorizer], linear: _Linear, classes: np.ndarray):
        self.vectorizers, self.linear, self.classes_ = vectorizers, linear, classes

    def predict_proba(self, X) -> np.ndarray:
        texts = texts_of(X)
        return self.linear.predict_proba(sp.hstack([v.transform(texts) for v in self.vectorizers], format="csr"))

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def score_texts(self, texts) -> np.ndarray:
        """P(positive) - P(negative) for each text, in [-1, 1]."""
        proba = self.predict_proba(texts)
        classes = list(self.classes_)
        return proba[:, classes.index("positive")] - proba[:, classes.index("negative")]


# --- compiling a fitted model (needs scikit-learn) -----------------------------------------------------
def _pipeline_and_calibration(model) -> tuple:
    """The fitted Pipeline inside `model` (a CalibratedClassifierCV with one calibrated member, or a
    Pipeline) and its sigmoid calibration pairs (None when uncalibrated)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import Pipeline

    if isinstance(model, CalibratedClassifierCV):
        members = model.calibrated_classifiers_
        if len(members) != 1 or model.method != "sigmoid":
            raise CompileError("only one sigmoid-calibrated pipeline (ensemble=False) is compiled")
        member = members[0]
        if list(member.classes) != list(member.estimator.classes_):
            raise CompileError("calibrated classes differ from the pipeline's")
        pairs = [[float(c.a_), float(c.b_)] for c in member.calibrators]
        return member.estimator, pairs
    if isinstance(model, Pipeline):
        return model, None
    raise CompileError(f"cannot compile a {type(model).__name__}")


def _linear_arrays(pipeline, calibration, arrays: dict, spec: dict) -> None:
    from sklearn.linear_model import LogisticRegression

    lr = pipeline.steps[-1][1]
    if not isinstance(lr, LogisticRegression) or lr.coef_.shape[0] != len(lr.classes_):
        raise CompileError("the last step must be a multinomial LogisticRegression")
    arrays["coef"], arrays["intercept"] = lr.coef_, lr.intercept_
    spec["classes"] = [str(c) for c in lr.classes_]
    spec["calibration"] = calibration


def _tfidf(vectorizer, name: str, arrays: dict) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ok = (
        isinstance(vectorizer, TfidfVectorizer)
        and vectorizer.analyzer in ("word", "char_wb")
        and vectorizer.input == "content"
        and not vectorizer.binary
        and vectorizer.norm == "l2"
        and vectorizer.use_idf
        and vectorizer.tokenizer is None
        and vectorizer.preprocessor is None
        and not vectorizer.strip_accents
        and vectorizer.stop_words is None
        and vectorizer.vocabulary is None
        and vectorizer.ngram_range[1] <= (5 if vectorizer.analyzer == "char_wb" else 2)
    )
    if not ok:
        raise CompileError(f"vectorizer {name!r} is set up in a way the compiled form does not follow")
    terms = [""] * len(vectorizer.vocabulary_)
    for term, column in vectorizer.vocabulary_.items():
        terms[column] = term
    arrays[f"{name}.terms"] = np.array(terms, dtype=str)
    arrays[f"{name}.idf"] = vectorizer.idf_
    return {
        "name": name,
        "analyzer": vectorizer.analyzer,
        "lowercase": bool(vectorizer.lowercase),
        "token_pattern": vectorizer.token_pattern,
        "ngram_range": list(vectorizer.ngram_range),
        "sublinear_tf": bool(vectorizer.sublinear_tf),
    }


def _compile_stance(model, arrays: dict, spec: dict) -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    from .classifier import StanceClassifier

    classifier = getattr(model, "classifier_", None)
    if not isinstance(classifier, StanceClassifier):
        raise CompileError("the combined scorer's classifier is not a StanceClassifier")
    pipeline, calibration = _pipeline_and_calibration(classifier.model_)
    features = pipeline.steps[0][1]
    if not isinstance(features, ColumnTransformer) or not features.sparse_output_:
        raise CompileError("the classifier's features are not a sparse ColumnTransformer")
    weights = features.transformer_weights or {}
    blocks = []
    for name, transformer, columns in features.transformers_:
        if transformer == "drop" or (isinstance(columns, list) and not columns):
            continue
        weight = weights.get(name)
        if hasattr(transformer, "vocabulary_"):
            blocks.append({"kind": "text", "column": columns, **_tfidf(transformer, name, arrays), "weight": weight})
        elif isinstance(transformer, Pipeline) and isinstance(transformer.steps[-1][1], OneHotEncoder):
            encoder = transformer.steps[-1][1]
            if encoder.handle_unknown != "ignore" or encoder.drop is not None:
                raise CompileError("the one-hot encoder must ignore unknown categories and drop none")
            widths = [int(w) for w in encoder._n_features_outs]  # as the encoder's own transform lays them out
            mappings = getattr(encoder, "_default_to_infrequent_mappings", None) or [None] * len(columns)
            for j, (cats, mapping) in enumerate(zip(encoder.categories_, mappings, strict=True)):
                arrays[f"{name}.{j}.categories"] = np.array([str(c) for c in cats], dtype=str)
                arrays[f"{name}.{j}.outputs"] = np.arange(len(cats)) if mapping is None else np.asarray(mapping)
            blocks.append({"kind": "category", "columns": list(columns), "widths": widths, "name": name,
                           "weight": weight})  # fmt: skip
        elif name == "number":
            blocks.append({"kind": "number", "columns": list(columns), "weight": weight})
        else:
            raise CompileError(f"feature block {name!r} is of a kind the compiled form does not follow")
    spec.update(kind="stance", blocks=blocks, rule_threshold=float(model.rule_threshold),
                position_threshold=float(model.position_threshold))  # fmt: skip
    _linear_arrays(pipeline, calibration, arrays, spec)
    width = sum(sum(b["widths"]) if b["kind"] == "category" else 0 for b in blocks)
    width += sum(len(arrays[f"{b['name']}.terms"]) for b in blocks if b["kind"] == "text")
    width += sum(len(b["columns"]) for b in blocks if b["kind"] == "number")
    if width != arrays["coef"].shape[1]:
        raise CompileError(f"the feature blocks give {width} columns, the model weighs {arrays['coef'].shape[1]}")


def _compile_tone(model, arrays: dict, spec: dict) -> None:
    from sklearn.pipeline import FeatureUnion

    pipeline, calibration = _pipeline_and_calibration(model.model_)
    union = pipeline.steps[0][1]
    if not isinstance(union, FeatureUnion) or union.transformer_weights:
        raise CompileError("the tone model's features are not an unweighted FeatureUnion")
    spec.update(kind="tone", vectorizers=[_tfidf(v, name, arrays) for name, v in union.transformer_list])
    _linear_arrays(pipeline, calibration, arrays, spec)


def compile_model(model, path: str | Path, source_sha256: str) -> Path:
    """Write the compiled form of a fitted `CombinedScorer` or `ToneClassifier` to `path` (``.npz``),
    naming the sha256 of the skops file it was compiled from. Raises `CompileError` for other models."""
    from .scorers import CombinedScorer
    from .sentiment import ToneClassifier

    arrays: dict[str, np.ndarray] = {}
    spec: dict = {"format": FORMAT, "source_sha256": source_sha256}
    if isinstance(model, CombinedScorer):
        _compile_stance(model, arrays, spec)
    elif isinstance(model, ToneClassifier):
        _compile_tone(model, arrays, spec)
    else:
        raise CompileError(f"cannot compile a {type(model).__name__}")
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.savez_compressed(handle, spec=np.array(json.dumps(spec)), **arrays)
    tmp.replace(path)
    return path


def _vectorizer(spec: dict, arrays: dict) -> _Vectorizer:
    return _Vectorizer(spec, arrays[f"{spec['name']}.terms"], arrays[f"{spec['name']}.idf"])


def load_compiled(path: str | Path) -> tuple[CompiledStanceScorer | CompiledToneModel, dict]:
    """The compiled model in `path` and its spec (plain arrays only: nothing is unpickled)."""
    with np.load(path, allow_pickle=False) as data:
        spec = json.loads(str(data["spec"]))
        if spec.get("format") != FORMAT:
            raise CompileError(f"{path}: not a {FORMAT} file")
        arrays = {key: data[key] for key in data.files if key != "spec"}
    linear = _Linear(spec, arrays["coef"], arrays["intercept"])
    classes = np.array(spec["classes"])
    if spec["kind"] == "tone":
        vectorizers = [
            _Vectorizer(v, arrays[f"{v['name']}.terms"], arrays[f"{v['name']}.idf"]) for v in spec["vectorizers"]
        ]
        return CompiledToneModel(vectorizers, linear, classes), spec
    blocks = []
    for block in spec["blocks"]:
        if block["kind"] == "text":
            vectorizer = _vectorizer(block, arrays)
            blocks.append(("text", (block["column"], vectorizer), block["weight"]))
        elif block["kind"] == "category":
            n = len(block["columns"])
            categories = [arrays[f"{block['name']}.{j}.categories"] for j in range(n)]
            outputs = [arrays[f"{block['name']}.{j}.outputs"] for j in range(n)]
            encoder = _OneHot(block["columns"], categories, outputs, block["widths"])
            blocks.append(("category", encoder, block["weight"]))
        else:
            blocks.append(("number", tuple(block["columns"]), block["weight"]))
    classifier = CompiledClassifier(blocks, linear, classes)
    return CompiledStanceScorer(classifier, spec["rule_threshold"], spec["position_threshold"]), spec
