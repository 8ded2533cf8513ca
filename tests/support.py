"""Helpers shared by the test layers."""
import socket

from sqlalchemy import func, select

from binome.api_client import wait_for


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(what, check, timeout=20.0):
    """Poll `check` until truthy and return its value; fail naming `what` after `timeout` seconds."""
    return wait_for(what, check, timeout=timeout, interval=0.05)


def count(engine, table, *where):
    with engine.connect() as connection:
        query = select(func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        return connection.execute(query).scalar_one()
