"""A nameko timer whose interval is a configuration key, so that tests and trials can run a
periodic job every second while production runs it every minute."""
from nameko.timer import Timer


class ConfiguredTimer(Timer):
    """`@configured_timer("DELIVERY_CHECK_SECONDS", 60)`: fires every config[key] seconds (the
    default when the key is not set), read when the service starts."""

    def __init__(self, key, default, **kwargs):
        self.key, self.default = key, default
        super().__init__(interval=default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.key) or self.default)


configured_timer = ConfiguredTimer.decorator
