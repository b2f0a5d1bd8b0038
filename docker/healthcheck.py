"""The image's HEALTHCHECK: exit 0 when /healthz answers 200, 1 otherwise.

Python rather than curl, which the slim base image does not have.
"""

import os
import sys
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
try:
    with urllib.request.urlopen(url, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:  # URLError and HTTPError (a 503) are both OSErrors
    print(f"{url}: {error}", file=sys.stderr)
    sys.exit(1)
