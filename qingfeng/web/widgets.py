"""Form widgets every staff page shares."""

from django import forms


def date_input():
    """The browser's date picker, with the value in ISO form."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
