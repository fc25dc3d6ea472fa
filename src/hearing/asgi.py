import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearing.settings")
application = get_asgi_application()

# The live app's event streams bypass Django's request cycle (fan-out to thousands of clients).
from hearing.live.push.asgi import LiveRouter  # noqa: E402

application = LiveRouter(application)
