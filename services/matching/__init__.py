"""Matching: pairs open help requests with open offers, explains why, and records decisions."""
