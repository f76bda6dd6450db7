"""Shared set-up for the benchmarks: Django on the database bin/with-postgres started."""

import os
import statistics
import time

# Production settings, as gunicorn gets them, but plain HTTP on loopback.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "k" * 60,
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attportal.settings")
    os.environ.update(PRODUCTION_ENV)
    import django

    django.setup()


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - silence the login list


def median_seconds(function, *, runs: int = 5, before=None) -> float:
    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def interleaved_medians(functions: dict, *, runs: int = 5, before=None) -> dict[str, float]:
    """Time several functions round by round, so that noise on a shared machine falls on all of them alike."""
    timings = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            if before is not None:
                before()
            start = time.perf_counter()
            function()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def report(name: str, value) -> None:
    print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}", flush=True)
