-- +goose Up
-- The registry lists sort by lower(name) and filter on kind and on a substring of search_text:
-- with search_text in the index, a filtered page and its count read the index alone.
CREATE INDEX organizations_kind_lower_name ON organizations (kind, lower(name), id, search_text);
CREATE INDEX organizations_lower_name ON organizations (lower(name), id, search_text);
CREATE INDEX people_lower_name ON people (lower(family_name), lower(given_name), id, search_text);

-- +goose Down
DROP INDEX people_lower_name;
DROP INDEX organizations_lower_name;
DROP INDEX organizations_kind_lower_name;
