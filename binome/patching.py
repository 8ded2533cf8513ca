"""What must happen before anything else imports sockets, threads or psycopg2."""
import warnings


def patch_everything():
    # eventlet announces its deprecation on import; we know (DESIGN.md section 5).
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg
    patch_psycopg()  # otherwise every PostgreSQL query blocks the whole event loop
