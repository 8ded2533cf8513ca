"""Notifications: tells people what happened, once, in their language, in-app and by email."""
