from django.utils import translation


class PreferredLanguageMiddleware:
    """Let a signed-in user's profile language win over the browser's.

    LocaleMiddleware has already chosen from the cookie or Accept-Language
    header; a language saved in the profile overrides that choice, so the
    order of precedence is: profile, then browser, then English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "preferred_language", "") if request.user.is_authenticated else ""
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
