"""docker-compose.yml runs every service distributed, configured by environment variables only.

Checked against the code rather than against a copy of it: the services are binome.services.SERVICES,
the variables are shared.config.VARIABLES, and a service has a database when it declares a
shared.database.Database dependency. The file is read with PyYAML, which resolves anchors, aliases
and `<<` merge keys as Compose does.
"""
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from binome.services import SERVICES
from shared.config import VARIABLES, database_url
from shared.database import Database

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
POSTGRES_INIT = ROOT / "deploy" / "postgres-init"

# Variables a Binôme container may set besides VARIABLES, each with the file that reads it:
# LOG_LEVEL sets the logging level in `binome`'s entry point, before any service config exists.
EXTRA_VARIABLES = {"LOG_LEVEL": "binome/cli.py"}

DATABASE_SERVICES = sorted(name for name, cls in SERVICES.items()
                           if any(isinstance(getattr(cls, attr, None), Database) for attr in dir(cls)))


# ---- reading the compose file --------------------------------------------------------------------

def load_compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def dockerfile_entrypoint():
    """The image's ENTRYPOINT (exec form), which Compose puts before `command`; [] when none."""
    entrypoint = []
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if re.match(r"\s*FROM\s", line, re.IGNORECASE):
            entrypoint = []  # a new stage starts with its base image's (python's: none)
        match = re.match(r"\s*ENTRYPOINT\s+(.*)$", line, re.IGNORECASE)
        if match:
            entrypoint = json.loads(match.group(1))
    return entrypoint


def _words(value):
    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(word) for word in value]


def argv(container):
    """What the container runs: its entrypoint (or the image's) followed by its command."""
    if "entrypoint" in container:
        return _words(container["entrypoint"]) + _words(container.get("command"))
    if container.get("build"):
        return dockerfile_entrypoint() + _words(container.get("command"))
    return _words(container.get("command"))


def environment(container):
    """A container's environment as a dict, from either of Compose's two forms."""
    env = container.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {name: (None if value is None else str(value)) for name, value in env.items()}


def depends_on(container):
    """{service: condition}, from either of Compose's two forms."""
    deps = container.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def binome_containers(compose):
    return {name: c for name, c in compose["services"].items() if argv(c)[:1] == ["binome"]}


def containers_running(compose, service):
    return [name for name, c in compose["services"].items() if argv(c) == ["binome", "run", service]]


def service_container(compose, service):
    names = containers_running(compose, service)
    assert len(names) == 1, f"expected one container running `binome run {service}`, found {names}"
    return compose["services"][names[0]]


def infrastructure(compose, image):
    """The one compose service whose image is `image` (any tag)."""
    names = [name for name, c in compose["services"].items()
             if str(c.get("image", "")).split(":")[0] == image]
    assert len(names) == 1, f"expected one {image} container, found {names}"
    return names[0]


def declare_container(compose):
    names = [name for name, c in binome_containers(compose).items()
             if argv(c) == ["binome", "declare"]]
    assert len(names) == 1, f"expected one container running `binome declare`, found {names}"
    return names[0]


def missing_variables(compose, service):
    env = environment(service_container(compose, service))
    return sorted(name for name in VARIABLES if not env.get(name))


def unread_variables(container):
    return sorted(set(environment(container)) - set(VARIABLES) - set(EXTRA_VARIABLES))


def created_databases():
    names = set()
    for script in sorted(POSTGRES_INIT.glob("*.sql")):
        sql = re.sub(r"--[^\n]*", "", script.read_text(encoding="utf-8"))
        names |= set(re.findall(r'CREATE\s+DATABASE\s+"?(\w+)"?', sql, re.IGNORECASE))
    return names


def database_name(compose, service):
    url = database_url(environment(service_container(compose, service)), service)
    return urlsplit(url).path.lstrip("/")


@pytest.fixture(scope="module")
def compose():
    return load_compose()


# ---- the services --------------------------------------------------------------------------------

@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_has_a_container_running_it(compose, service):
    service_container(compose, service)


def test_every_container_runs_a_known_service_or_command(compose):
    known = [["binome", "run", name] for name in SERVICES] + [["binome", "declare"]]
    for name, container in binome_containers(compose).items():
        assert argv(container) in known, f"{name} runs {argv(container)}"


def test_binome_containers_use_the_image_built_from_deploy_dockerfile(compose):
    for name, container in binome_containers(compose).items():
        build = container.get("build")
        assert isinstance(build, dict), f"{name} is not built from deploy/Dockerfile"
        assert (ROOT / build.get("context", ".") / build["dockerfile"]).resolve() == DOCKERFILE


def test_the_image_runs_as_a_user_other_than_root():
    final_stage = re.split(r"(?im)^\s*FROM\s", DOCKERFILE.read_text(encoding="utf-8"))[-1]
    users = re.findall(r"(?im)^\s*USER\s+(\S+)", final_stage)
    assert users, "the final stage has no USER: it would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")


# ---- the environment -----------------------------------------------------------------------------

@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_variable_is_set_for_every_service(compose, service):
    assert missing_variables(compose, service) == []


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_services_set_no_variable_that_no_code_reads(compose, service):
    assert unread_variables(service_container(compose, service)) == []


def test_the_declare_container_sets_no_variable_that_no_code_reads(compose):
    assert unread_variables(compose["services"][declare_container(compose)]) == []


@pytest.mark.parametrize("variable, reader", sorted(EXTRA_VARIABLES.items()))
def test_the_extra_variables_are_really_read(variable, reader):
    source = (ROOT / reader).read_text(encoding="utf-8")
    assert re.search(rf"""environ(\.get\(|\[)\s*["']{variable}["']""", source), \
        f"{reader} no longer reads {variable}: remove it from EXTRA_VARIABLES and docker-compose.yml"


def test_the_check_catches_a_variable_removed_from_one_service(compose):
    """The anchor shares one environment: a service given its own must still have everything."""
    broken = load_compose()
    gateway = broken["services"][containers_running(broken, "gateway")[0]]
    gateway["environment"] = {k: v for k, v in environment(gateway).items() if k != "MEETING_LINK"}
    assert missing_variables(broken, "gateway") == ["MEETING_LINK"]
    assert missing_variables(broken, "matching") == []
    gateway["environment"]["BINOME_SECRET_FLAG"] = "1"
    assert unread_variables(gateway) == ["BINOME_SECRET_FLAG"]


def test_services_reach_the_broker_database_and_smtp_by_their_compose_names(compose):
    rabbitmq, postgres = infrastructure(compose, "rabbitmq"), infrastructure(compose, "postgres")
    for service in SERVICES:
        env = environment(service_container(compose, service))
        assert urlsplit(env["AMQP_URI"]).hostname == rabbitmq, service
        assert urlsplit(env["DATABASE_URL"]).hostname == postgres, service
        email = urlsplit(env["EMAIL_URL"])
        assert email.scheme == "smtp" and email.hostname in compose["services"], service
    declare = environment(compose["services"][declare_container(compose)])
    assert declare["AMQP_URI"] == environment(service_container(compose, "profiles"))["AMQP_URI"]


def test_the_gateway_publishes_the_port_it_listens_on(compose):
    gateway = service_container(compose, "gateway")
    port = environment(gateway)["GATEWAY_ADDRESS"].rsplit(":", 1)[1]
    published = [str(mapping).rsplit(":", 1)[-1] for mapping in gateway.get("ports", [])]
    assert port in published


# ---- start-up order and health -------------------------------------------------------------------

@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_waits_for_the_queues_to_be_declared(compose, service):
    declare = declare_container(compose)
    assert depends_on(service_container(compose, service)).get(declare) == \
        "service_completed_successfully"


def test_declare_waits_for_a_healthy_broker(compose):
    declare = compose["services"][declare_container(compose)]
    assert depends_on(declare).get(infrastructure(compose, "rabbitmq")) == "service_healthy"
    assert declare.get("restart", "no") == "no", "a one-shot container must not be restarted"


@pytest.mark.parametrize("image", ["rabbitmq", "postgres"])
def test_the_broker_and_the_database_have_healthchecks(compose, image):
    healthcheck = compose["services"][infrastructure(compose, image)].get("healthcheck") or {}
    assert not healthcheck.get("disable")
    test = _words(healthcheck.get("test"))
    assert test and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_services_with_a_database_wait_for_a_healthy_postgres(compose, service):
    postgres = infrastructure(compose, "postgres")
    assert depends_on(service_container(compose, service)).get(postgres) == "service_healthy"


# ---- one database per service --------------------------------------------------------------------

def test_the_services_with_a_database_are_found():
    assert DATABASE_SERVICES and "gateway" not in DATABASE_SERVICES


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_database_url_names_a_database_the_init_script_creates(compose, service):
    assert database_name(compose, service) in created_databases()


def test_the_init_script_creates_exactly_one_database_per_service(compose):
    assert created_databases() == {database_name(compose, s) for s in DATABASE_SERVICES}
    assert len(created_databases()) == len(DATABASE_SERVICES)


def test_the_init_scripts_are_mounted_into_postgres(compose):
    postgres = compose["services"][infrastructure(compose, "postgres")]
    mounts = {}
    for volume in postgres.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume.get("source"), volume.get("target")
        mounts[target] = source
    source = mounts.get("/docker-entrypoint-initdb.d")
    assert source is not None, "deploy/postgres-init is not mounted into the postgres container"
    assert (ROOT / source).resolve() == POSTGRES_INIT
