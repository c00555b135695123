"""Bytes → text. One reader per format, each returning an `Extracted`.

Public API (implemented in this package):

    read(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted
    read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted
    detect_format(data: bytes, filename: str) -> str

Both raise `fazhi.errors.IngestError(code, message)` for input that cannot be read.
"""
