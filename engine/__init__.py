"""pingcha (评查): a rule engine that reviews Chinese administrative law-enforcement case files."""

__version__ = "0.1.0"
