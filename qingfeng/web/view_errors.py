"""How staff pages show a refusal: a form that does not validate, or an
action raising Conflict (someone saved first) or ValidationError.

Pages that re-render their form put the action's refusal on it (`errors_on_form`); the
small forms of a page, which redirect back to it, turn it into a message
(`errors_as_messages`). Both wrap the action call *and* what follows on success (the
success message, the redirect): a refusal skips the rest of the block.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from qingfeng.core.versioning import Conflict


def validation_text(exc: ValidationError) -> str:
    return "；".join(" ".join(errors) for errors in exc.message_dict.values())


def form_errors_text(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}".strip()
                    for f, e in form.errors.items())


def valid_or_message(request, form) -> bool:
    """Whether the posted form is valid; if not, its errors become one error message."""
    if form.is_valid():
        return True
    messages.error(request, form_errors_text(form))
    return False


def attach(form, exc: ValidationError) -> None:
    """The action's errors on the form's fields (a field the form does not have: on the form)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@contextmanager
def errors_as_messages(request, conflict: str):
    try:
        yield
    except Conflict:
        messages.error(request, conflict)
    except ValidationError as exc:
        messages.error(request, validation_text(exc))


@contextmanager
def errors_on_form(form, conflict: str, request=None):
    """ValidationError on the form's fields; Conflict as the form's error, or — given the
    request — as a message above it (the campaign and 问责 pages)."""
    try:
        yield
    except Conflict:
        if request is None:
            form.add_error(None, conflict)
        else:
            messages.error(request, conflict)
    except ValidationError as exc:
        attach(form, exc)
