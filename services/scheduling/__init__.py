"""Scheduling: finds times both people can make, books one, and writes the calendar invite."""
