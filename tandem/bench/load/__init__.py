"""The load test (issue 18): many people of each role using Tandem at once, through the
production stack on this machine. `scripts/load-test.sh` runs it; docs/BENCHMARKS.md records
its results.

- `accounts`: sign-in accounts for many seeded people of each role (Django; run before the load).
- `locustfile`: what each role does, with its think time (locust; no Django inside).
- `pages`: reading forms and links out of the HTML the pages answer (no Django).
- `run`: the whole run: database copy, stack, locust, report (no Django inside).
- `report`: locust's CSV statistics as the markdown table docs/BENCHMARKS.md shows.
"""
