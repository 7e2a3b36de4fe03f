"""Pages of applications: applicant.py (the enterprise's desk and form), application.py (one
application), reviews.py (the reviewer's queue and review page), manage.py (the official's
overview and stage configuration), public.py (the public notices); common.py (helpers)."""
