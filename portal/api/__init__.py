"""Plumbing for the public /v1 API: the django-ninja root, bearer tokens, scopes, Webex error
bodies and Webex-style encoded ids. Routers live in the apps and are listed in
settings.API_ROUTERS."""
