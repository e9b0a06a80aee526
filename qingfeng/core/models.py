from django.db import models


class Counter(models.Model):
    """A named sequence (e.g. clue numbers of one year), advanced under a row lock."""

    key = models.CharField(max_length=60, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
