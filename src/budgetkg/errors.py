"""The catalogue of input errors.

Each error names the file and a stable code, so that scripts can tell the reasons apart and a
person reads one plain line. The command line turns any of them into exit code 2.
"""

from __future__ import annotations

from pathlib import Path


class BudgetkgError(Exception):
    """Base of every error budgetkg raises on purpose."""

    code = "error"
    reason = "cannot be processed"

    def __init__(self, path: str | Path, detail: str | None = None):
        self.path = str(path)
        self.detail = detail
        super().__init__(self.line())

    def line(self) -> str:
        text = f"{self.path}: {self.reason}"
        if self.detail:
            text += f" ({self.detail})"
        return f"{text} [{self.code}]"


class InputError(BudgetkgError):
    """The input file cannot be read as a disclosure."""


class FileMissing(InputError):
    code = "file-missing"
    reason = "no such file"


class EmptyFile(InputError):
    code = "empty-file"
    reason = "the file is empty"


class UnsupportedFormat(InputError):
    code = "unsupported-format"
    reason = "not a format budgetkg reads (PDF or UTF-8 text)"


class NotAPdf(InputError):
    code = "not-a-pdf"
    reason = "the file is named .pdf but is not a PDF"


class EncryptedPdf(InputError):
    code = "encrypted-pdf"
    reason = "the PDF is encrypted and cannot be opened without its password"


class DamagedPdf(InputError):
    code = "damaged-pdf"
    reason = "the PDF is damaged and cannot be parsed"


class NoTextLayer(InputError):
    code = "no-text-layer"
    reason = "the PDF has no text layer (a scan?); run OCR first"


class UnknownTemplate(InputError):
    code = "unknown-template"
    reason = "no template profile matches this document"


class UnpairedPart(InputError):
    code = "unpaired-part"
    reason = "one part of a disclosure published in two files (narrative and tables) without its other part"


class InvalidQuery(InputError):
    code = "invalid-query"
    reason = "not a valid SPARQL query"


class UnknownQuery(InputError):
    code = "unknown-query"
    reason = "no such query"


class InvalidParameter(InputError):
    code = "invalid-parameter"
    reason = "bad query parameter"


class InvalidRdf(InputError):
    code = "invalid-rdf"
    reason = "not RDF budgetkg can read as disclosures"


class PublishFailed(BudgetkgError):
    code = "publish-failed"
    reason = "the SPARQL server refused or could not be reached"


class StoreMissing(InputError):
    code = "store-missing"
    reason = "no budgetkg store there (budgetkg load creates one)"


class ExportRefused(InputError):
    code = "export-refused"
    reason = "export will not write there"


class ExportFailed(BudgetkgError):
    code = "export-failed"
    reason = "the export could not be written (the directory is as it was)"


class StoreBusy(BudgetkgError):
    code = "store-busy"
    reason = "another budgetkg command is writing to the store"


class StoreUnreadable(InputError):
    code = "store-unreadable"
    reason = "the store cannot be opened"


class EndpointFailed(BudgetkgError):
    code = "endpoint-failed"
    reason = "the SPARQL endpoint failed or could not be reached"
