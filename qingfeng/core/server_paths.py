"""Keep the server's directories out of what the API answers: name files, not where they live.

Engine and job messages name the file they are about with its full path (useful in
the server log); an API client needs only the file name.
"""

import re
from pathlib import PurePosixPath

# An absolute path of two or more parts, ending at a space, a quote, a bracket or
# punctuation (also the full-width colon and comma that follow it in Chinese messages).
_STOP = r"\s'\"`()\[\]{}<>，,;；：:"
_ABSOLUTE_PATH = re.compile(rf"(?<![\w.~/])(?:/[^{_STOP}/]+){{2,}}/?")


def file_name(path: str) -> str:
    return PurePosixPath(path).name if path else path


def without_server_paths(text: str) -> str:
    """`text` with every absolute path replaced by its last part."""
    return _ABSOLUTE_PATH.sub(lambda m: file_name(m.group(0).rstrip("/")), text or "")
