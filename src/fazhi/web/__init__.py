"""The web API over the corpus store: `create_app(store)` gives a FastAPI app."""

from fazhi.web.app import create_app, serve

__all__ = ["create_app", "serve"]
