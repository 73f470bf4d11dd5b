"""The web adapter: server-rendered pages (Jinja2 + htmx) and the JSON API under ``/api/v1``.

:func:`create_app` builds the ASGI app from settings; :func:`app_from_env` is the ``uvicorn
--factory`` entry point; :func:`serve` runs it. Handlers parse the request, call one domain
service and render the result; access control, closed-loop and analytics logic live in their
domains. Every asset is served from this package; nothing comes from a CDN.
"""

from centric.web.app import app_from_env, create_app
from centric.web.server import DemoAccess, prepare_demo, serve

__all__ = ["DemoAccess", "app_from_env", "create_app", "prepare_demo", "serve"]
