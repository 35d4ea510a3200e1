from .base import *  # noqa: F401,F403
from .base import env_bool

# `make run` is how people try the demo: it shows the site's own error pages, not Django's technical ones
# (whose 404 lists every URL pattern). DEBUG=1 brings those back for development.
DEBUG = env_bool("DEBUG", False)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files without DEBUG: WhiteNoise (already in the middleware) serves them straight from the apps, so an
# edited stylesheet shows without running collectstatic again.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
