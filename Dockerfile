# One image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext nodejs npm postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN pip install --no-cache-dir . \
    && python manage.py compilemessages --ignore=node_modules -v0 \
    && SECRET_KEY=build DEBUG=0 python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app lhl && mkdir -p /app/var/media && chown -R lhl /app/var
USER lhl
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "lhl_portal.wsgi:application", "--bind", "0.0.0.0:8000"]
