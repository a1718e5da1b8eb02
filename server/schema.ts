/**
 * Schema migrations as plain SQL, applied in order at start (see migrate() in db.ts). Never edit a
 * migration that has shipped: add the next version.
 *
 * The change feed: every catalog row carries the `seq` of its last change, drawn from one
 * PostgreSQL SEQUENCE in the same transaction as the change. A deleted row leaves a tombstone with
 * its own seq. "Everything after cursor N" is then every row and tombstone with seq > N; a row
 * changed twice shows up once, in its latest state.
 */
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
-- Identifies this database in cursors, so a cursor from a wiped or different catalog is refused.
CREATE TABLE meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO meta (key, value) VALUES ('catalog_id', substr(md5(random()::text || clock_timestamp()::text), 1, 8));

CREATE SEQUENCE change_seq;

CREATE TABLE merchants (
  id text PRIMARY KEY,
  name text NOT NULL,
  url text NOT NULL,
  currency text NOT NULL,
  checkout_kind text NOT NULL,
  accounts jsonb NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX merchants_seq ON merchants (seq);

-- Variants stay a JSONB array of feed variants: prices as the decimal strings sellers sent, exact.
CREATE TABLE products (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  title text NOT NULL,
  url text NOT NULL,
  images jsonb NOT NULL,
  brand text,
  gtin text,
  description text NOT NULL,
  variants jsonb NOT NULL,
  updated_at text NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX products_seq ON products (seq);
CREATE INDEX products_merchant ON products (merchant_id);

-- Removed with their product (the feed's deleted.products tells clients to drop them too).
CREATE TABLE review_summaries (
  product_id text PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  rating double precision NOT NULL,
  count integer NOT NULL,
  histogram jsonb NOT NULL,
  items jsonb NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX review_summaries_seq ON review_summaries (seq);

CREATE TABLE tags (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  platform text NOT NULL,
  post_id text NOT NULL,
  product_id text NOT NULL REFERENCES products (id),
  variant_id text,
  x double precision NOT NULL,
  y double precision NOT NULL,
  updated_at text NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX tags_seq ON tags (seq);
CREATE INDEX tags_product ON tags (product_id);

CREATE TABLE tombstones (
  kind text NOT NULL CHECK (kind IN ('product', 'tag')),
  id text NOT NULL,
  merchant_id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX tombstones_seq ON tombstones (seq);

-- Only a hash is kept: a leaked database does not leak working tokens.
CREATE TABLE seller_tokens (
  token_hash text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  label text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE order_number_seq START 1001;

-- One order per (merchant, Idempotency-Key): the unique constraint is what makes retries and
-- concurrent duplicates land on the same row.
CREATE TABLE orders (
  id text PRIMARY KEY,
  number bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
  merchant_id text NOT NULL REFERENCES merchants (id),
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  status text NOT NULL,
  lines jsonb NOT NULL,
  totals jsonb NOT NULL,
  contact jsonb NOT NULL,
  source jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (merchant_id, idempotency_key)
);
`,
  },
  {
    version: 2,
    sql: `
-- Shoppers' anonymous events (POST /v1/events), aggregated on arrival into hourly buckets. Nothing
-- here says who a shopper is: no IP, no user agent, no client or shopper id, no exact times.
CREATE TABLE event_counts (
  merchant_id text NOT NULL REFERENCES merchants (id),
  platform text NOT NULL,
  post_id text NOT NULL,
  product_id text NOT NULL,
  -- The UTC hour the events happened in (minutes and seconds are zero).
  hour timestamptz NOT NULL,
  impressions integer NOT NULL DEFAULT 0,
  card_opens integer NOT NULL DEFAULT 0,
  add_to_carts integer NOT NULL DEFAULT 0,
  checkouts integer NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, platform, post_id, product_id, hour)
);
CREATE INDEX event_counts_merchant_hour ON event_counts (merchant_id, hour);

-- Checkout value per currency, exact in minor units; orders counts the checkouts that carried a
-- value in this currency (the divisor of the average order value).
CREATE TABLE event_revenue (
  merchant_id text NOT NULL REFERENCES merchants (id),
  platform text NOT NULL,
  post_id text NOT NULL,
  product_id text NOT NULL,
  hour timestamptz NOT NULL,
  currency text NOT NULL,
  orders integer NOT NULL DEFAULT 0,
  revenue_minor bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, platform, post_id, product_id, hour, currency)
);
CREATE INDEX event_revenue_merchant_hour ON event_revenue (merchant_id, hour);

-- The newest https link to each post that events named, for the seller's dashboard.
CREATE TABLE post_urls (
  merchant_id text NOT NULL REFERENCES merchants (id),
  platform text NOT NULL,
  post_id text NOT NULL,
  url text NOT NULL,
  seen_hour timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, platform, post_id)
);

-- Batches already counted, so a resent batch is not counted twice. Only a hash of the client's
-- batch id and the hour it arrived; rows older than the event window are dropped.
CREATE TABLE event_batches (
  batch_hash text PRIMARY KEY,
  accepted integer NOT NULL,
  skipped integer NOT NULL,
  received_hour timestamptz NOT NULL
);
CREATE INDEX event_batches_received ON event_batches (received_hour);
`,
  },
  {
    version: 3,
    sql: `
-- Checkout value sums have no ceiling: bigint overflowed at 2^63 and JS lost exactness past 2^53.
ALTER TABLE event_revenue ALTER COLUMN revenue_minor TYPE numeric;

-- Seller tokens get a public id (to list and revoke them without ever showing the token) and
-- the device a pairing made them for. Old tokens take the start of their hash as their id.
ALTER TABLE seller_tokens ADD COLUMN id text;
UPDATE seller_tokens SET id = substr(token_hash, 1, 16);
ALTER TABLE seller_tokens ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX seller_tokens_id ON seller_tokens (id);
ALTER TABLE seller_tokens ADD COLUMN device text NOT NULL DEFAULT '';
CREATE INDEX seller_tokens_merchant ON seller_tokens (merchant_id);

-- Pairing codes (server/pairing.ts): short-lived, single use, stored only as a hash.
CREATE TABLE pairing_codes (
  code_hash text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  token_id text
);
CREATE INDEX pairing_codes_merchant ON pairing_codes (merchant_id, created_at);
`,
  },
];
