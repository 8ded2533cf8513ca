"""The `binome` command.

  binome run                start everything in one process (embedded), seeded, serving the API
  binome run SERVICE        start one service against AMQP_URI and DATABASE_URL (distributed)
  binome demo               run the journey against a running Binôme, or an embedded one it starts
  binome match --kind KIND  run a matching round now, on the distributed system (AMQP_URI)
  binome declare            declare the exchange and every consumer queue (deploy time)
  binome parked SERVICE     list a service's parked messages; --replay [ID…] puts them back in line
  binome webhooks add|list|remove   organisations' signed webhooks (notifications' database)
  binome operators grant|revoke|list   who operates Binôme (profiles' database: ./data, or DATABASE_URL)
"""
from binome.patching import patch_everything

patch_everything()

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402

import eventlet  # noqa: E402

from shared import config as configuration  # noqa: E402
from shared.contracts.kinds import REQUEST_KINDS  # noqa: E402

DEFAULT_URL = "http://127.0.0.1:8000"


def _serve_until_stopped(runner, stop):
    """Until SIGINT or SIGTERM, or until `stop` is sent why (a distributed service that died)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.ready() or stop.send(None))
    died = stop.wait()
    print("Stopping…", flush=True)
    runner.stop()
    if died:
        # Non-zero, so that the supervisor (compose, systemd, Kubernetes) starts it again.
        sys.exit(f"{died}: exiting so that the service is restarted.")


def cmd_run(args):
    from .runner import start
    from .services import SERVICES
    stop = eventlet.Event()
    if args.service:
        if args.service not in SERVICES:
            sys.exit(f"unknown service {args.service!r}; one of: {', '.join(SERVICES)}")
        # Its only container dead, the process would serve nothing while looking alive.
        runner = start(configuration.service_config(), [args.service],
                       on_death=lambda name, reason: stop.ready() or stop.send(
                           f"{name} died ({reason})"))
        print(f"{args.service} is running.", flush=True)
    else:
        # Embedded, a dead service leaves the others serving, and /health names it (503).
        config = configuration.embedded_config(args.data, args.address)
        runner = start(config, list(SERVICES))
        url = f"http://{args.address}"
        if args.seed:
            from .api_client import Api
            from .seed import OPERATOR, seed_market
            seed_market(Api(url, maildir=os.path.join(args.data, "maildir")))
            # Through the running profiles' own engine: a second SQLite connection in this
            # process would wait for its write lock in C, blocking every service's green thread.
            _set_operator(_running_database(runner, "profiles"), OPERATOR["email"], True)
            print(f"Operator: {OPERATOR['email']}; sign in at {url}/sign-in, the link is "
                  f"emailed to {os.path.abspath(args.data)}/maildir.", flush=True)
        print(f"Binôme is running at {url} (embedded, data in {os.path.abspath(args.data)}). "
              f"Try `binome demo` in another terminal. Ctrl-C stops it.", flush=True)
    _serve_until_stopped(runner, stop)


def cmd_demo(args):
    from .api_client import Api, wait_for
    from .journey import run_journey
    from .maildir_check import invites_for
    from .seed import seed_market

    runner, maildir = None, args.maildir
    if Api(args.url).is_up():
        print(f"Using the Binôme running at {args.url}.")
    else:
        from .runner import start
        from .services import SERVICES
        data = tempfile.mkdtemp(prefix="binome-demo-")
        address = args.url.split("://", 1)[1]
        runner = start(configuration.embedded_config(data, address), list(SERVICES))
        maildir = os.path.join(data, "maildir")
        print(f"No Binôme at {args.url}: started an embedded one (data in {data}).")
    # People confirm their address by the link emailed to them, read from this Maildir.
    api = Api(args.url, maildir=maildir)
    try:
        seed_market(api)
        result = run_journey(api, _demo_operator(api, runner, args.data))
        if maildir and os.path.isdir(maildir):
            for person in (result.donor, result.seeker):
                wait_for(f"the invite emailed to {person['email']}",
                         lambda p=person: invites_for(maildir, p["email"]), timeout=30)
                print(f"   Email with invite.ics delivered to {person['email']} ({maildir}).")
        else:
            print("   (Emails went through the running system's EMAIL_URL; not checked here.)")
        print("Journey complete: both people are booked and told.")
    finally:
        if runner is not None:
            runner.stop()


def cmd_match(args):
    """Run a matching round now, on the distributed system that AMQP_URI names."""
    import json

    from nameko.standalone.rpc import ClusterRpcProxy

    from shared.messaging import inproc  # noqa: F401  (registers inproc://)
    config = configuration.service_config()
    with ClusterRpcProxy(config, timeout=config["RPC_TIMEOUT_SECONDS"] * 30) as cluster:
        report = cluster.matching.run_round(kind=args.kind)
    print(json.dumps(report, indent=2))


def cmd_declare(args):
    from shared.contracts.events import EVENTS
    from shared.messaging import inproc  # noqa: F401  (registers inproc://)
    from shared.messaging.topology import all_queues, declare_all
    uri = configuration.service_config()["AMQP_URI"]
    declare_all(uri, EVENTS)
    print(f"Declared {len(all_queues(EVENTS))} queues on {uri.split('@')[-1]}.")


def cmd_parked(args):
    from services.notifications import deliveries, store as notifications_store
    from shared.database import make_engine
    from shared.messaging.inbox import parked, replay

    if args.service not in configuration.DATABASE_SERVICES:
        sys.exit(f"{args.service!r} keeps no messages; one of: "
                 f"{', '.join(configuration.DATABASE_SERVICES)}")
    config = configuration.service_config()
    engine = make_engine(configuration.database_url(config, args.service))
    emails = args.service == "notifications"
    if args.replay is not None:
        count = replay(engine, args.replay or None)
        if emails:
            for model in (notifications_store.EmailDelivery, notifications_store.WebhookDelivery):
                count += deliveries.replay(engine, model, args.replay or None)
        print(f"{count} parked item(s) put back in line; the service retries them within a second.")
        return
    rows = parked(engine)
    for row in rows:
        print(f"{row.message_id}  {row.event:<20} attempts={row.attempts}  {row.last_error}")
    print(f"{len(rows)} parked message(s) in {args.service}.")
    if emails:
        emails_parked = deliveries.parked(engine, notifications_store.EmailDelivery)
        for delivery in emails_parked:
            print(f"{delivery.id}  email to {delivery.to_address}  attempts={delivery.attempts}  "
                  f"{delivery.last_error}")
        print(f"{len(emails_parked)} parked email(s).")
        hooks = deliveries.parked(engine, notifications_store.WebhookDelivery)
        for delivery in hooks:
            print(f"{delivery.id}  webhook {delivery.event} to subscriber {delivery.subscriber_id}  "
                  f"attempts={delivery.attempts}  {delivery.last_error}")
        print(f"{len(hooks)} parked webhook delivery(ies).")


def cmd_webhooks(args):
    """Register, list or remove the organisations that receive events by webhook."""
    from services.notifications import webhooks
    from shared.database import make_engine, transaction
    config = configuration.service_config()
    engine = make_engine(configuration.database_url(config, "notifications"))
    with transaction(engine) as session:
        if args.action == "add":
            added = webhooks.add_subscriber(session, args.name, args.url, args.events or ["*"])
            print(f"{added['id']}  {added['name']}  {added['url']}  events={','.join(added['events'])}")
            print(f"secret (shown once; the subscriber checks X-Binome-Signature with it): "
                  f"{added['secret']}")
        elif args.action == "remove":
            webhooks.remove_subscriber(session, args.id)
            print(f"{args.id} removed.")
        else:
            for hook in webhooks.subscribers(session):
                print(f"{hook['id']}  {hook['name']}  {hook['url']}  events={','.join(hook['events'])}")


def _demo_operator(api, runner, data):
    """Someone to run the journey's round (operators only may), granted through the embedded
    system's own engine when the demo started it, else through profiles' database."""
    person = api.register({"first_name": "Demo", "last_name": "Operator",
                                      "email": f"demo.operator.{uuid.uuid4().hex[:8]}@example.org",
                                      "roles": ["time_donor"]})
    engine = _running_database(runner, "profiles") if runner else _profiles_database(data)
    _set_operator(engine, person["email"], True)
    return api.as_person(person)


def _running_database(runner, service_name):
    from shared.database import Database
    container = next(c for c in runner.containers if c.service_name == service_name)
    return next(d for d in container.dependencies if isinstance(d, Database)).engine


def _set_operator(engine, email, operator):
    """Grant or revoke through profiles' store; None when nobody has that address."""
    from services.profiles import domain, store
    from shared.database import transaction
    with transaction(engine) as session:
        person = store.set_operator(session, domain.normalise_email(email), operator)
        return person and person.email


def _profiles_database(data):
    """profiles' database: DATABASE_URL's when set (distributed), else the embedded one in `data`."""
    from shared.database import make_engine
    distributed = "DATABASE_URL" in os.environ
    config = configuration.service_config() if distributed else configuration.embedded_config(data)
    url = configuration.database_url(config, "profiles")
    if not distributed and not os.path.exists(url.split("///", 1)[1]):
        sys.exit(f"No profiles database in {os.path.abspath(data)}: start `binome run` there "
                 f"first, or set DATABASE_URL.")
    return make_engine(url)


def cmd_operators(args):
    """Operators run rounds and see parked messages and the impact dashboard. Granted here only,
    by someone with access to profiles' database, never through the API; it takes effect at once."""
    from services.profiles import store
    from shared.database import transaction
    engine = _profiles_database(args.data)
    if args.action == "list":
        with transaction(engine) as session:
            people = store.operators(session)
            for person in people:
                print(f"{person.id}  {person.email}  {person.first_name} {person.last_name}")
        print(f"{len(people)} operator(s).")
        return
    email = _set_operator(engine, args.email, args.action == "grant")
    if email is None:
        sys.exit(f"Nobody is registered with {args.email}.")
    print(f"{email} {'is now' if args.action == 'grant' else 'is no longer'} an operator.")


def _configure_logging():
    level = os.environ.get("LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if logging.getLevelName(level) > logging.INFO:
        # nameko logs a refused request (bad input, unknown id) with a traceback; the caller got
        # the answer, so keep the operator's log for what went wrong in Binôme itself.
        logging.getLogger("nameko.containers").addFilter(
            lambda record: not str(record.msg).startswith("(expected)"))


def main(argv=None):
    _configure_logging()
    parser = argparse.ArgumentParser(prog="binome", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start Binôme, or one of its services")
    run.add_argument("service", nargs="?", help="one service, distributed (default: all, embedded)")
    run.add_argument("--data", default="data", help="embedded mode's data folder")
    run.add_argument("--address", default="127.0.0.1:8000", help="where the embedded API listens")
    run.add_argument("--no-seed", dest="seed", action="store_false", help="start with an empty market")
    run.set_defaults(func=cmd_run)

    demo = commands.add_parser("demo", help="run the journey end to end")
    demo.add_argument("--url", default=os.environ.get("BINOME_URL", DEFAULT_URL))
    demo.add_argument("--maildir", default=os.path.join("data", "maildir"),
                      help="where the running Binôme's emails arrive, to follow the links that "
                           "confirm people's addresses and check the invites (default: that of "
                           "`binome run` started here)")
    demo.add_argument("--data", default="data",
                      help="the running embedded Binôme's data folder (or DATABASE_URL), where "
                           "the demo makes its operator, who runs the round")
    demo.set_defaults(func=cmd_demo)

    match = commands.add_parser("match", help="run a matching round now (distributed: AMQP_URI)")
    match.add_argument("--kind", required=True, choices=REQUEST_KINDS)
    match.set_defaults(func=cmd_match)

    declare = commands.add_parser("declare", help="declare the broker's exchange and queues")
    declare.set_defaults(func=cmd_declare)

    parked_cmd = commands.add_parser("parked", help="list or replay a service's parked messages")
    parked_cmd.add_argument("service")
    parked_cmd.add_argument("--replay", nargs="*", metavar="ID",
                            help="replay them all, or only the ids given")
    parked_cmd.set_defaults(func=cmd_parked)

    hooks = commands.add_parser("webhooks", help="organisations' webhooks: add, list, remove")
    hook_actions = hooks.add_subparsers(dest="action", required=True)
    add = hook_actions.add_parser("add", help="register a webhook; prints its secret once")
    add.add_argument("name")
    add.add_argument("url", help="https://… (plain http only on loopback)")
    add.add_argument("--events", nargs="*", help="event names (default: every event)")
    hook_actions.add_parser("list", help="the active webhooks")
    remove = hook_actions.add_parser("remove", help="stop sending to a webhook")
    remove.add_argument("id", type=uuid.UUID)
    hooks.set_defaults(func=cmd_webhooks)

    operators = commands.add_parser("operators", help="grant, revoke or list operators")
    operators.add_argument("--data", default="data",
                           help="embedded mode's data folder (when DATABASE_URL is not set)")
    operator_actions = operators.add_subparsers(dest="action", required=True)
    for action, help_text in (("grant", "make the person with this address an operator"),
                              ("revoke", "the person with this address is no longer an operator")):
        operator_actions.add_parser(action, help=help_text).add_argument("email")
    operator_actions.add_parser("list", help="every operator")
    operators.set_defaults(func=cmd_operators)

    from .bench import add_arguments as add_bench_arguments  # `binome bench matching`
    from .bench import add_feed_arguments  # `binome bench feed`
    add_bench_arguments(commands)
    add_feed_arguments(commands)
    from .bench_reference import add_reference_arguments  # `binome bench reference`
    add_reference_arguments(commands)

    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
