"""Certification of REACH vendors: rules, scenarios, runner, scoring and reports."""
