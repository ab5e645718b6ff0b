# The API image used by docker-compose.yml (Neo4j backend).
# The explorer's graph libraries come from npm at build time, in a stage of their own, and are served by the API
# from api/web/node_modules (never from a CDN); the package is installed in place so the API finds them there.
FROM node:20-slim AS web
WORKDIR /web
COPY api/web/package.json api/web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY cypher ./cypher
COPY api ./api
COPY skg ./skg
COPY samples ./samples
COPY --from=web /web/node_modules ./api/web/node_modules
# the extractor compiled with mypyc (graph/native.py); the compiler is removed again in the same layer
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null \
    && pip install --no-cache-dir -e ".[native]" && python -m skg.native build >/dev/null && python -m skg.native status \
    && apt-get purge -y -qq gcc libc6-dev && apt-get autoremove -y -qq && rm -rf /var/lib/apt/lists/* build
EXPOSE 8000
CMD ["skg", "serve", "--host", "0.0.0.0", "--port", "8000"]
