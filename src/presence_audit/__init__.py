"""presence-audit: audit a judge's or prosecutor's social-media exports against their cases."""

__version__ = "0.1.0"
