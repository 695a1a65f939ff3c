"""The ``shailoo serve`` handler: settings from the options, the socket bound, one line on stderr with the
address, then the desk until Ctrl+C (its temporary folder removed on the way out)."""

from __future__ import annotations

from shailoo.apps.serve.app import bind, run
from shailoo.apps.serve.settings import ServeSettings, is_loopback
from shailoo.corpus.i18n import text
from shailoo.errors import ShailooError, printable
from shailoo.rules.config import ConfigError, load_config

_MIB = 1 << 20


def settings_of(args) -> ServeSettings:
    """The ``ServeSettings`` of the options (a token made when ``--host`` is not the loopback and none is
    given). Raises ``ValueError`` (pydantic's) on a value out of range."""
    given = {"host": args.host, "port": args.port, "token": args.token, "lang": args.lang or "ru",
             "max_upload_bytes": int(args.max_upload_mb * _MIB) if args.max_upload_mb is not None else None,
             "max_pages": args.max_pages}
    return ServeSettings.secure(**{k: v for k, v in given.items() if v is not None})


def _one_line(e: Exception) -> str:
    errors = getattr(e, "errors", None)
    if callable(errors):  # pydantic: the first error, with its field
        first = errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        return printable(f"{where}: {first.get('msg')}" if where else first.get("msg"))
    return printable(e)


def _opener(settings: ServeSettings):
    """What ``--open`` does once the desk answers: open its address in the user's browser."""
    import webbrowser  # on call: only with --open

    return lambda: webbrowser.open(settings.url())


def run_serve(args, out, err) -> int:
    """Run the desk; 0 after Ctrl+C, 2 on bad options or a port that cannot be bound."""
    try:
        settings = settings_of(args)
    except ValueError as e:
        err.write(f"shailoo: error: {_one_line(e)}\n")
        return 2
    try:
        config = load_config(getattr(args, "config", None))
    except (ConfigError, ShailooError) as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return 2
    try:
        sock = bind(settings)
    except OSError as e:
        err.write(text("serve.cli.port_busy", settings.lang, port=settings.port, host=settings.host,
                       reason=printable(e.strerror or e)) + "\n")
        return 2
    key = "serve.cli.listening" if is_loopback(settings.host) else "serve.cli.listening_network"
    err.write(text(key, settings.lang, url=settings.url()) + "\n")
    err.flush()
    try:
        run(settings, sock, config, ready=_opener(settings) if getattr(args, "open", False) else None)
    except KeyboardInterrupt:  # Ctrl+C: the desk has shut down and removed its folder
        pass
    finally:
        sock.close()
    return 0
