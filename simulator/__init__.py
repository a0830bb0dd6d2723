"""reachsim simulator: an offline twin of Kaltura REACH (API v3)."""
