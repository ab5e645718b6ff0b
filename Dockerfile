# The API image used by docker-compose.yml (Neo4j backend).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY cypher ./cypher
COPY api ./api
COPY skg ./skg
COPY samples ./samples
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["skg", "serve", "--host", "0.0.0.0", "--port", "8000"]
