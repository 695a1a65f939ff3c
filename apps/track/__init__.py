"""``shailoo track``: action plans, their progress reports, status and dashboards."""
