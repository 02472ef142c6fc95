-- Fixture plugin table: proves the loader applied the plugin's migrations before start().
CREATE TABLE fixture_things (id bigserial PRIMARY KEY, name text NOT NULL);
