from attportal import __version__


def site(request):
    return {"portal_version": __version__}
