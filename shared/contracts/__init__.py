"""Every contract between services, in one place a reader can scan.

- `kinds`: the vocabulary (kinds of help, roles, weekdays);
- `events`: every event name, who publishes it, who consumes it, and its payload schema;
- `rpc`: every RPC method, its arguments and its result.
"""
