"""Development tools that are not part of the Django project (nothing here imports it)."""
