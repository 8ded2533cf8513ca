"""The gateway: the HTTP API. It holds no business data and calls the services by RPC."""
