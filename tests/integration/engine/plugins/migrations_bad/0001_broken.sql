-- A migration that fails: the plugin must be refused before its code runs.
CREATE TABLE fixture_half (id int);
INSERT INTO table_that_does_not_exist VALUES (1);
