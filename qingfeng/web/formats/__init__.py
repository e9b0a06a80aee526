"""Display formats shared by every language: dates as 2024-03-04, times as 2024-03-04 09:30."""
