from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from budgetkg.ingest import Document, read_document
from budgetkg.recognise import Disclosure, recognise

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

ZHUZHOU = "zhuzhou/shifeng-quweiban-2020-juesuan.txt"
CAIZHENGJU = "putuo/caizhengju-2024-juesuan.pdf"
SHEHUIGONGZUOBU = "putuo/shehuigongzuobu-2024-juesuan.pdf"
TEMPLATE = "putuo/template-2024-juesuan.pdf"
FINAL_ACCOUNTS = [ZHUZHOU, CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE]


def corpus_path(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} is not there (../shared/corpus beside the project)")
    return path


@lru_cache(maxsize=None)
def _document(name: str) -> Document:
    return read_document(corpus_path(name))


@lru_cache(maxsize=None)
def _disclosure(name: str) -> Disclosure:
    return recognise(_document(name))


@pytest.fixture
def document():
    return _document


@pytest.fixture
def disclosure():
    return _disclosure
