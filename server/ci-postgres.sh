#!/usr/bin/env bash
# Runs the catalog server's test suite against a real PostgreSQL from Debian's packages.
# For CI (as root, no input): installs PostgreSQL if missing, starts a cluster, creates a role and
# a database, runs `vitest -c tests/server/vitest.config.ts` with DATABASE_URL, and ends with
# vitest's summary plus one plain line "N passed, N failed". Exit status is vitest's.
set -euo pipefail
cd "$(dirname "$0")/.."

PGUSER_NAME=postcart
PGPASS=postcart
PGDB=postcart_test
PGPORT=${PGPORT:-5432}

as_postgres() { runuser -u postgres -- "$@"; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "== installing PostgreSQL (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# The newest installed major version; Debian's postgresql package creates its "main" cluster.
PGVERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$PGVERSION" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$PGVERSION" main --port "$PGPORT" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$PGVERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  echo "== starting PostgreSQL $PGVERSION"
  pg_ctlcluster "$PGVERSION" main start
fi
PGPORT=$(pg_lsclusters -h | awk -v v="$PGVERSION" '$1 == v && $2 == "main" { print $3 }')

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -h 127.0.0.1 -p "$PGPORT" && break
  sleep 0.5
done

# Role and database, created once (both statements are no-ops when they exist).
as_postgres psql -q -p "$PGPORT" -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE ROLE $PGUSER_NAME LOGIN PASSWORD ''$PGPASS''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER_NAME')\gexec
SELECT 'CREATE DATABASE $PGDB OWNER $PGUSER_NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PGDB')\gexec
SQL

export DATABASE_URL="postgres://$PGUSER_NAME:$PGPASS@127.0.0.1:$PGPORT/$PGDB"
echo "== server tests on PostgreSQL $PGVERSION ($DATABASE_URL)"
mkdir -p tests/.artifacts
status=0
npx vitest run -c tests/server/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json=tests/.artifacts/server-postgres.json || status=$?

# The plain closing line CI reads, from vitest's own JSON report.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`postgres: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' tests/.artifacts/server-postgres.json || status=1
exit "$status"
