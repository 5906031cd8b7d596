.PHONY: run test lint format migrations-check bench

run:  ## the site at http://127.0.0.1:8000 with demo data
	./scripts/run

test:  ## the whole test suite
	./scripts/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

migrations-check:
	.venv/bin/python manage.py makemigrations --check --dry-run
