-- Identity: the engine's users (role, Argon2id password hash) and their bearer tokens (stored only as
-- the SHA-256 of the secret), and who caused each audit-log event.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('session', 'api')),
    name         text NOT NULL DEFAULT '' CHECK (length(name) <= 64),
    role         text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CHECK (kind = 'api' OR expires_at IS NOT NULL)
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);

ALTER TABLE audit_log ADD COLUMN actor text NOT NULL DEFAULT '';
