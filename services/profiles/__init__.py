"""Profiles: the people of the marketplace, their pledges and their help requests."""
