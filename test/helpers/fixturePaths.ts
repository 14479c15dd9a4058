/**
 * Where the protocol fixtures live: copies of the spec's transcripts and real captures kept in
 * this repository (test/fixtures/spec, see its README), so a lone clone runs every test.
 */
export const specFixtures = new URL('../fixtures/spec/', import.meta.url);
