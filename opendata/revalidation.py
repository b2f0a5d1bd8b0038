"""304 Not Modified for the open data's answers (feeds, citation files, sitemaps, the API) when a
client sends back the ETag or Last-Modified it was given, with the page cache off as with it on.

Django's ConditionalGetMiddleware does this for GET only: for HEAD, it says, the body is empty and
its ETag would be wrong. These views draw for HEAD the body they draw for GET (the server drops
it), so HEAD gets the ETag GET gets, and 304 as GET does. Clients are told to ask again before
reusing an answer (max-age=0), as the page cache tells them."""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.decorators import decorator_from_middleware
from django.utils.http import parse_http_date_safe

from exchanges.cache import PageCacheMiddleware


class Revalidation(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        if PageCacheMiddleware.cacheable(request):
            # The page cache answers: it keeps the page (a 304 here would not be kept) and answers
            # 304 itself, with the headers of a page any reader may be given.
            return response
        if not response.has_header("Cache-Control"):
            # Asked for again before each use, as the page cache's answers are: with a Last-Modified
            # alone a browser or a proxy may reuse one unasked for a tenth of its age (RFC 9111,
            # 4.2.2), and a feed last changed ten days ago would be served a day old.
            patch_cache_control(response, max_age=0)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response


revalidated = decorator_from_middleware(Revalidation)
