"""Code common to every Binôme service: contracts, messaging, database, configuration.

Nothing here imports a service: services depend on shared, never the other way round.
"""
