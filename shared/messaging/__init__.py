"""Reliable messaging between services (DESIGN.md section 4).

- outbox: events are written in the same transaction as the state change, then relayed to the
  broker with publisher confirms and `mandatory`, and marked published;
- inbox: every received message is recorded by id before its effect runs, and the effect commits in
  the same transaction as the "done" mark, so redeliveries have no second effect; failures are
  retried with a bounded backoff, then parked for an operator to replay;
- topology: the exchange and every consumer's queue, declared before anything is published;
- parking: what a service parked, a page at a time for operators, and its replay by id.
"""
