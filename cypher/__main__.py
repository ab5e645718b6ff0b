"""``python -m cypher`` lists the named queries."""

from cypher import load_queries

for q in load_queries().values():
    print(f"{q.name}: {q.description}")
