"""Stored files follow the database transaction (issue 15).

A file is not a row: rolling back a transaction does not bring a deleted file back. So a
service that stores files writes the new ones first, removes the ones they replace only once the
transaction has committed (`remove_on_commit`), and removes what it wrote itself when it fails
(`written_files`). A refused save leaves the database and the files as they were.
"""

from contextlib import contextmanager

from django.core.files.storage import Storage
from django.db import transaction


def remove_on_commit(storage: Storage, names) -> None:
    """Delete `names` from `storage` after the current transaction commits (never if it rolls
    back, so the rows that still point at them keep working)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@contextmanager
def written_files(storage: Storage):
    """Collects the names of files written inside the block; deletes them if the block fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
