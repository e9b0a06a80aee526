"""Typed settings from the environment, shared by the engine and the web app.

Every helper fails loudly on a value it cannot read: a typo in a deployment must
stop the process, not silently fall back to a default.
"""

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    pass


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def home() -> Path:
    """The data directory QINGFENG_HOME (default ./var), created on first use."""
    path = Path(env_str("QINGFENG_HOME", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
