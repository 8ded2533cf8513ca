"""Reference data shipped with Binôme: no network at run time."""
