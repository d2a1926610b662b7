"""Outcomes: what students earn (college units, certificates, CTE completion, work-based learning
hours, AA progress), the opportunity passport that shows it, and the senior campaigns for college
and financial-aid applications (EC 51225.7)."""
